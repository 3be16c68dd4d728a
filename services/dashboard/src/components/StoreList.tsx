import { formatAge, engineLabel } from '../lib/format';
import { storeHref } from '../lib/useHashRoute';
import type { StoreView } from '../state/storesReducer';
import { ProgressSteps } from './ProgressSteps';
import { StatusBadge } from './StatusBadge';

interface Props {
  stores: StoreView[];
  now: number;
  loaded: boolean;
}

/** One card per store; a grid row on wide screens, stacked on narrow ones. */
export function StoreList({ stores, now, loaded }: Props) {
  if (!loaded && stores.length === 0) {
    return <p className="text-slate-700">Loading stores…</p>;
  }
  if (stores.length === 0) {
    return <p className="text-slate-700">No stores yet. Create the first one with the form.</p>;
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="store-list">
      {stores.map((s) => (
        <li
          key={s.name}
          data-testid="store-row"
          data-store={s.name}
          data-status={s.status}
          className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2 p-4 sm:grid-cols-[minmax(0,2fr)_8rem_7rem_5rem_minmax(0,2fr)] sm:items-center"
        >
          <div className="min-w-0">
            <a href={storeHref(s.name)} className="block truncate font-semibold text-blue-800 underline-offset-2 hover:underline">
              {s.name}
            </a>
            <span className="block truncate text-xs text-slate-600">{s.namespace}</span>
          </div>
          <div className="justify-self-end sm:justify-self-start">
            <StatusBadge status={s.status} />
          </div>
          <div className="text-sm text-slate-800">
            <span className="sr-only">Engine: </span>
            {engineLabel(s.engine)}
          </div>
          <div className="text-right text-sm text-slate-700 sm:text-left">
            <span className="sr-only">Age: </span>
            <time dateTime={s.createdAt}>{formatAge(s.createdAt, now)}</time>
          </div>
          <div className="col-span-2 sm:col-span-1">
            {s.status === 'Failed' && s.reason ? (
              <p className="truncate text-sm text-red-800" title={s.reason}>
                {s.reason}
              </p>
            ) : s.status === 'Degraded' && s.reason ? (
              <p className="truncate text-sm text-orange-900" title={s.reason}>
                {s.reason}
              </p>
            ) : s.status === 'Deleting' ? (
              <p className="text-sm text-amber-900">Removing…</p>
            ) : (
              <ProgressSteps progress={s.progress} />
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
