import type { StoreWarning } from '../api/types';
import { describeWarning, warningReasons } from '../state/warnings';

/** A row's trouble in one badge: the commonest reason ("ImagePullBackOff"), "+N" more, every warning as a tooltip. */
export function WarningBadge({ warnings }: { warnings: StoreWarning[] }) {
  if (warnings.length === 0) return null;
  const reasons = warningReasons(warnings);
  const all = warnings.map(describeWarning).join('\n');
  return (
    <span
      className="inline-flex min-w-0 max-w-full items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-inset ring-amber-300"
      title={all}
      data-testid="warning-badge"
      data-reason={reasons[0]}
    >
      <span aria-hidden="true">⚠</span>
      <span className="sr-only">Warning: </span>
      <span className="truncate">{reasons[0]}</span>
      {reasons.length > 1 && <span className="shrink-0">+{reasons.length - 1}</span>}
    </span>
  );
}
