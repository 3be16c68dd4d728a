import type { StoreStatus } from '../api/types';

// Dark text on a light tint keeps every badge above WCAG AA contrast; the word carries the meaning,
// the colour only repeats it.
const STYLES: Record<StoreStatus, string> = {
  Queued: 'bg-slate-100 text-slate-800 ring-slate-300',
  Provisioning: 'bg-blue-50 text-blue-800 ring-blue-300',
  Installing: 'bg-indigo-50 text-indigo-800 ring-indigo-300',
  Upgrading: 'bg-sky-50 text-sky-900 ring-sky-300',
  Ready: 'bg-green-50 text-green-800 ring-green-300',
  // stopped on purpose: calm, nothing to fix
  Suspended: 'bg-violet-50 text-violet-800 ring-violet-300',
  Degraded: 'bg-orange-50 text-orange-900 ring-orange-300',
  Failed: 'bg-red-50 text-red-800 ring-red-300',
  Deleting: 'bg-amber-50 text-amber-900 ring-amber-300',
  Deleted: 'bg-slate-100 text-slate-700 ring-slate-300',
};

const BUSY: StoreStatus[] = ['Queued', 'Provisioning', 'Installing', 'Upgrading', 'Deleting'];

export function StatusBadge({ status }: { status: StoreStatus }) {
  const busy = BUSY.includes(status);
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status]}`}
      data-status={status}
    >
      <span
        aria-hidden="true"
        className={`h-2 w-2 rounded-full bg-current ${busy ? 'motion-safe:animate-pulse' : ''}`}
      />
      {status}
    </span>
  );
}
