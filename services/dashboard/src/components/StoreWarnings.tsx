import type { StoreWarning } from '../api/types';
import { failureHint } from '../lib/failureHints';

/**
 * Trouble observed while the store is still being worked on (or since it failed), with what to do about it
 * (`hint`: false when the failure box above already says it).
 */
export function StoreWarnings({ warnings, namespace, hint = true }: { warnings: StoreWarning[]; namespace: string; hint?: boolean }) {
  if (warnings.length === 0) return null;
  const first = warnings[0];
  return (
    <div className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="warnings" role="status">
      <h3 className="font-semibold text-amber-950">
        <span aria-hidden="true">⚠ </span>Trouble observed
      </h3>
      <ul className="mt-2 space-y-1 text-sm text-amber-950">
        {warnings.map((w) => (
          <li key={`${w.kind}/${w.name}/${w.reason}`} data-testid="warning" data-reason={w.reason}>
            <span className="font-medium">{w.kind}</span> <span className="font-mono break-all">{w.name}</span>:{' '}
            <span className="font-semibold">{w.reason}</span>
            {w.message && <span className="block break-words text-amber-900">{w.message}</span>}
          </li>
        ))}
      </ul>
      {hint && (
        <p className="mt-2 text-sm text-amber-950">
          {failureHint(first.reason, { namespace, pod: first.kind === 'Pod' ? first.name : undefined })}
        </p>
      )}
    </div>
  );
}
