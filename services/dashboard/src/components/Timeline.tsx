import type { StoreEvent } from '../api/types';
import { formatTime } from '../lib/format';
import { timelineRows, type Tone } from '../state/timelineRows';

const TONE: Record<Tone, string> = {
  normal: 'text-slate-900',
  good: 'text-green-800',
  warn: 'text-orange-900',
  bad: 'text-red-800',
};

/** The store's events, newest first, with their times; repeated identical events are one row with a count. */
export function Timeline({ events }: { events: StoreEvent[] }) {
  if (events.length === 0) return <p className="text-slate-700">No events yet.</p>;
  return (
    <ol className="space-y-2" data-testid="timeline">
      {timelineRows(events).map((row) => (
        <li key={row.id} data-count={row.count} className="grid grid-cols-1 gap-x-4 border-l-2 border-slate-300 pl-3 sm:grid-cols-[14rem_1fr]">
          <span className="text-xs text-slate-600 sm:text-sm">
            <time dateTime={row.lastAt}>{formatTime(row.lastAt)}</time>
            {row.count > 1 && (
              <span className="block text-xs">
                since <time dateTime={row.firstAt}>{formatTime(row.firstAt)}</time>
              </span>
            )}
          </span>
          <div>
            <span className={`font-medium ${TONE[row.tone]}`}>{row.title}</span>
            {row.count > 1 && (
              <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-800 ring-1 ring-slate-300" data-testid="repeat-count">
                ×{row.count}
                <span className="sr-only"> times, last at {formatTime(row.lastAt)}</span>
              </span>
            )}
            {row.detail && <span className="block break-words text-sm text-slate-700">{row.detail}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
