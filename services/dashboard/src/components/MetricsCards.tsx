import type { Metrics, StoreStatus } from '../api/types';
import { IN_PROGRESS, sameStatuses } from '../state/listQuery';
import { countOf } from '../state/useMetrics';

interface Props {
  /** GET /api/metrics; null while it loads (skeletons, not zeros). */
  metrics: Metrics | null;
  /** The list's status filter: the tile that shows it is pressed. */
  status: StoreStatus[];
  /** A tile was clicked: filter the list by these statuses ([] = all but Deleted). */
  onFilter: (statuses: StoreStatus[]) => void;
}

interface Tile {
  id: string;
  label: string;
  statuses: StoreStatus[];
  tone: string;
}

const TILES: Tile[] = [
  { id: 'all', label: 'All stores', statuses: [], tone: 'text-slate-900' },
  { id: 'Ready', label: 'Ready', statuses: ['Ready'], tone: 'text-green-800' },
  { id: 'progress', label: 'In progress', statuses: IN_PROGRESS, tone: 'text-blue-800' },
  { id: 'Degraded', label: 'Degraded', statuses: ['Degraded'], tone: 'text-orange-900' },
  { id: 'Failed', label: 'Failed', statuses: ['Failed'], tone: 'text-red-800' },
];

const count = (m: Metrics, t: Tile) =>
  t.statuses.length === 0 ? m.stores.total : t.statuses.reduce((n, s) => n + countOf(m, s), 0);

function Skeleton() {
  return (
    <span className="mt-1 block h-8 w-12 rounded bg-slate-200 motion-safe:animate-pulse" data-testid="skeleton">
      <span className="sr-only">Loading</span>
    </span>
  );
}

/** Counts per status as buttons that filter the list (pressed = the current filter), then the activity counters. */
export function MetricsCards({ metrics, status, onFilter }: Props) {
  return (
    <section aria-labelledby="metrics-title" data-testid="metrics" data-loading={metrics === null ? 'true' : undefined}>
      <h2 id="metrics-title" className="sr-only">
        Metrics
      </h2>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {TILES.map((t) => {
          const pressed = sameStatuses(status, t.statuses);
          return (
            <button
              key={t.id}
              type="button"
              aria-pressed={pressed}
              data-testid={`tile-${t.id}`}
              onClick={() => onFilter(pressed && t.statuses.length > 0 ? [] : t.statuses)}
              title={pressed && t.statuses.length > 0 ? 'Show all stores' : `Show ${t.label.toLowerCase()} only`}
              className={`rounded-lg bg-white p-4 text-left hover:bg-slate-100 ${pressed ? 'ring-2 ring-blue-700' : 'ring-1 ring-slate-200'}`}
            >
              <span className="block text-sm font-medium text-slate-700">{t.label}</span>
              {metrics ? (
                <span className={`mt-1 block text-2xl font-bold ${t.tone}`} data-testid="tile-count">
                  {count(metrics, t)}
                </span>
              ) : (
                <Skeleton />
              )}
            </button>
          );
        })}
        <dl className="contents">
          {(['created', 'deleted'] as const).map((k) => (
            <div key={k} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <dt className="text-sm font-medium text-slate-700">{k === 'created' ? 'Created (total)' : 'Deleted (total)'}</dt>
              {metrics ? <dd className="mt-1 text-2xl font-bold text-slate-900">{metrics.activity[k]}</dd> : <dd><Skeleton /></dd>}
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
