import type { StoreEvent } from '../api/types';
import { formatTime } from '../lib/format';

function describe(ev: StoreEvent): { title: string; detail: string; tone: string } {
  switch (ev.type) {
    case 'store.status':
      return {
        title: `Status: ${ev.status}`,
        detail: ev.reason,
        tone:
          ev.status === 'Failed' ? 'text-red-800'
          : ev.status === 'Degraded' ? 'text-orange-900'
          : ev.status === 'Ready' ? 'text-green-800'
          : 'text-slate-900',
      };
    case 'store.step': {
      const d = ev.data as { step?: string; state?: string; detail?: string };
      return {
        title: `Step ${d.step ?? '?'} ${d.state ?? ''}`.trim(),
        detail: d.detail ?? '',
        tone: d.state === 'failed' ? 'text-red-800' : 'text-slate-900',
      };
    }
    case 'store.observed': {
      const d = ev.data as { pods?: { ready: boolean; phase: string }[]; setupJob?: { state: string } | null };
      // finished pods (the setup Job's) are not counted as "not ready"
      const pods = (d.pods ?? []).filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
      const ready = pods.filter((p) => p.ready).length;
      const job = d.setupJob ? `, setup job ${d.setupJob.state}` : '';
      return { title: 'Observed', detail: `${ready}/${pods.length} pods ready${job}`, tone: 'text-slate-900' };
    }
    default:
      return { title: ev.type, detail: ev.reason, tone: 'text-slate-900' };
  }
}

/** The store's events, newest first, with their times. */
export function Timeline({ events }: { events: StoreEvent[] }) {
  if (events.length === 0) return <p className="text-slate-700">No events yet.</p>;
  return (
    <ol className="space-y-2" data-testid="timeline">
      {[...events].reverse().map((ev) => {
        const d = describe(ev);
        return (
          <li key={ev.id} className="grid grid-cols-1 gap-x-4 border-l-2 border-slate-300 pl-3 sm:grid-cols-[12rem_1fr]">
            <time dateTime={ev.at} className="text-xs text-slate-600 sm:text-sm">
              {formatTime(ev.at)}
            </time>
            <div>
              <span className={`font-medium ${d.tone}`}>{d.title}</span>
              {d.detail && <span className="block break-words text-sm text-slate-700">{d.detail}</span>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
