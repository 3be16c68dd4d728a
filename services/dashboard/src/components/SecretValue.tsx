import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

interface Props {
  label: string;
  value: string;
  /** Masked until revealed (a password); a plain value (a user name) is shown as is. */
  secret?: boolean;
  testId: string;
}

const MASK = '••••••••••••'; // fixed length: the mask does not tell the secret's length

/** A value with a copy button, and for a secret a reveal toggle. The value stays in the caller's state only. */
export function SecretValue({ label, value, secret = false, testId }: Props) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(t);
  }, [copied]);

  const small = 'rounded-md px-2 py-1 text-sm font-medium ring-1 ring-slate-400 text-slate-900 hover:bg-slate-100';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <dt className="w-24 text-sm text-slate-600">{label}</dt>
      <dd className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900" data-testid={testId}
          data-masked={secret && !revealed ? 'true' : 'false'}>
          {secret && !revealed ? <><span aria-hidden="true">{MASK}</span><span className="sr-only">hidden</span></> : value}
        </code>
        {secret && (
          <button type="button" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)} className={small}>
            {revealed ? 'Hide' : 'Reveal'}<span className="sr-only"> {label.toLowerCase()}</span>
          </button>
        )}
        <button type="button" onClick={() => void copyText(value).then((ok) => setCopied(ok ? 'yes' : 'no'))} className={small}>
          Copy<span className="sr-only"> {label.toLowerCase()}</span>
        </button>
        <span role="status" className="text-xs text-slate-700">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copy failed: select the text and copy it yourself.' : ''}
        </span>
      </dd>
    </div>
  );
}
