import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  /** 'danger' (red, the default) for what cannot be undone; 'caution' (amber) to stop something; 'primary' (blue). */
  tone?: 'danger' | 'caution' | 'primary';
  /** A choice to make before confirming (e.g. a version), shown under the message. */
  children?: ReactNode;
  /** The confirm button is disabled (nothing valid chosen yet). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

const TONES = {
  danger: 'bg-red-700 text-white hover:bg-red-800',
  caution: 'bg-amber-300 text-amber-950 hover:bg-amber-400',
  primary: 'bg-blue-700 text-white hover:bg-blue-800',
};

/** A modal <dialog>: the browser traps focus and Escape cancels; focus starts on the safe choice. */
export function ConfirmDialog({ open, title, message, confirmLabel, tone = 'danger', children, confirmDisabled = false, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-msg`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-[rgb(0_0_0/0.55)]"
    >
      <div className="space-y-4 p-6">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p id={`${id}-msg`} className="text-slate-800">
          {message}
        </p>
        {children}
        <div className="flex flex-wrap justify-end gap-3">
          <button
            ref={cancelRef}
            type="button"
            onClick={onCancel}
            className="rounded-md px-4 py-2 font-medium text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100"
          >
            Cancel
          </button>
          <button
            type="button"
            onClick={onConfirm}
            disabled={confirmDisabled}
            className={`rounded-md px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${TONES[tone]}`}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
