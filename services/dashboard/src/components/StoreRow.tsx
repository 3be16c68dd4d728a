import { memo } from 'react';
import { engineLabel, formatAge, formatTime } from '../lib/format';
import { storeHref } from '../lib/useHashRoute';
import type { StoreView } from '../state/storesReducer';
import { ProgressSteps } from './ProgressSteps';
import { StatusBadge } from './StatusBadge';
import { WarningBadge } from './WarningBadge';

/** Every row has this height (px): the list is virtual and computes positions from it. */
export const ROW_HEIGHT = 44;

export interface RowHandlers {
  onSelect: (name: string, selected: boolean) => void;
  onRetry: (name: string) => void;
  onDelete: (name: string) => void;
}

interface Props extends RowHandlers {
  store: StoreView;
  now: number;
  isAdmin: boolean;
  selected: boolean;
  /** A request for this store is under way (its buttons are disabled meanwhile). */
  busy: boolean;
  index: number;
}

const cell = 'overflow-hidden px-2 whitespace-nowrap';
const action = 'rounded px-2 py-1 text-xs font-semibold ring-1 disabled:cursor-not-allowed disabled:opacity-60';

function Trouble({ store }: { store: StoreView }) {
  if (store.status === 'Failed' && store.reason) {
    return <span className="block truncate text-sm text-red-800" title={store.reason}>{store.reason}</span>;
  }
  if (store.status === 'Degraded' && store.reason) {
    return <span className="block truncate text-sm text-orange-900" title={store.reason}>{store.reason}</span>;
  }
  if (store.status === 'Deleting') return <span className="text-sm text-amber-900">Removing…</span>;
  // nothing to fix or wait for: say what it is rather than show a finished progress bar
  if (store.status === 'Suspended') return <span className="text-sm text-violet-800">Scaled to 0, data kept</span>;
  return (
    <span className="flex items-center gap-2">
      {store.warnings.length > 0 && <WarningBadge warnings={store.warnings} />}
      <span className="min-w-12 flex-1">
        <ProgressSteps progress={store.progress} />
      </span>
    </span>
  );
}

/** One store in the list table: select, name, status, engine, owner (admins), age, progress or trouble, actions. */
export const StoreRow = memo(function StoreRow({ store: s, now, isAdmin, selected, busy, index, onSelect, onRetry, onDelete }: Props) {
  const owner = s.owner === '' ? 'admin' : s.ownerName || s.owner || '…';
  return (
    <tr
      data-testid="store-row"
      data-store={s.name}
      data-status={s.status}
      data-warning={s.warnings[0]?.reason}
      data-engine={s.engine}
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ height: ROW_HEIGHT }}
      className={`[&>td]:border-t [&>td]:border-slate-200 ${selected ? 'bg-blue-50' : ''}`}
    >
      <td className="w-10 px-2">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(s.name, e.target.checked)}
          aria-label={`Select ${s.name}`}
          className="h-4 w-4 align-middle"
        />
      </td>
      <td className={cell}>
        <a href={storeHref(s.name)} title={s.namespace} className="block truncate font-semibold text-blue-800 underline-offset-2 hover:underline">
          {s.name}
        </a>
      </td>
      <td className={cell}>
        <StatusBadge status={s.status} />
      </td>
      <td className={`${cell} hidden text-sm text-slate-800 md:table-cell`}>{engineLabel(s.engine)}</td>
      {isAdmin && (
        <td className={`${cell} hidden truncate text-sm text-slate-800 lg:table-cell`} title={s.owner || undefined}>
          {owner}
        </td>
      )}
      <td className={`${cell} hidden text-sm text-slate-700 sm:table-cell`}>
        <time dateTime={s.createdAt} title={formatTime(s.createdAt)}>
          {formatAge(s.createdAt, now)}
        </time>
      </td>
      <td className={`${cell} hidden sm:table-cell`}>
        <Trouble store={s} />
      </td>
      <td className={`${cell} hidden text-right sm:table-cell`}>
        <span className="inline-flex gap-1">
          {(s.status === 'Failed' || s.status === 'Degraded') && (
            <button type="button" disabled={busy} onClick={() => onRetry(s.name)} className={`${action} text-amber-900 ring-amber-600 hover:bg-amber-50`}>
              Retry<span className="sr-only"> {s.name}</span>
            </button>
          )}
          {s.status !== 'Deleting' && (
            <button type="button" disabled={busy} onClick={() => onDelete(s.name)} className={`${action} text-red-800 ring-red-700 hover:bg-red-50`}>
              Delete<span className="sr-only"> {s.name}</span>…
            </button>
          )}
        </span>
      </td>
    </tr>
  );
});
