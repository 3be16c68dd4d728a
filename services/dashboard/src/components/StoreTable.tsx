import { useEffect, useRef } from 'react';
import type { StoreSort } from '../api/types';
import { useVirtualRows } from '../lib/useVirtualRows';
import type { ListQuery } from '../state/listQuery';
import type { StoreView } from '../state/storesReducer';
import { ROW_HEIGHT, StoreRow, type RowHandlers } from './StoreRow';

interface Props extends RowHandlers {
  stores: StoreView[];
  /** Rows matching on the server (more than `stores` while pages remain). */
  total: number;
  query: ListQuery;
  onSort: (sort: StoreSort) => void;
  now: number;
  isAdmin: boolean;
  selected: ReadonlySet<string>;
  busy: ReadonlySet<string>;
  onSelectAll: (selected: boolean) => void;
}

const th = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700 whitespace-nowrap';

function SortHeader({ label, sort, query, onSort, className = '' }: { label: string; sort: StoreSort; query: ListQuery; onSort: (s: StoreSort) => void; className?: string }) {
  const active = query.sort === sort;
  const ariaSort = active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={`${th} ${className}`}>
      <button type="button" onClick={() => onSort(sort)} className="inline-flex items-center gap-1 uppercase hover:underline" data-sort={sort}>
        {label}
        <span aria-hidden="true" className={active ? 'text-slate-900' : 'text-slate-400'}>
          {active ? (query.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * The store list as a compact table with sortable headers; only the rows near the viewport are in the DOM, so
 * thousands of loaded rows scroll smoothly (the page itself scrolls; the header sticks to the top).
 */
export function StoreTable({ stores, total, query, onSort, now, isAdmin, selected, busy, onSelectAll, onSelect, onRetry, onDelete }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  const names = stores.map((s) => s.name);
  const win = useVirtualRows(body, names, ROW_HEIGHT);
  const all = useRef<HTMLInputElement>(null);
  const selectedHere = stores.reduce((n, s) => n + (selected.has(s.name) ? 1 : 0), 0);
  const allSelected = stores.length > 0 && selectedHere === stores.length;
  useEffect(() => {
    if (all.current) all.current.indeterminate = selectedHere > 0 && !allSelected;
  }, [selectedHere, allSelected]);
  const columns = isAdmin ? 8 : 7;
  const sticky = 'sticky top-0 z-10 bg-slate-100';

  return (
    <table
      className="w-full table-fixed border-separate border-spacing-0 rounded-lg bg-white text-sm ring-1 ring-slate-200"
      data-testid="store-list"
      aria-rowcount={total + 1}
    >
      <caption className="sr-only">Stores, {query.sort} {query.order === 'asc' ? 'ascending' : 'descending'}</caption>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col" className={`${th} ${sticky} w-10 rounded-tl-lg`}>
            <input
              ref={all}
              type="checkbox"
              checked={allSelected}
              onChange={(e) => onSelectAll(e.target.checked)}
              aria-label={`Select all ${stores.length} loaded stores`}
              className="h-4 w-4 align-middle"
            />
          </th>
          <SortHeader label="Name" sort="name" query={query} onSort={onSort} className={`${sticky} w-auto`} />
          <SortHeader label="Status" sort="status" query={query} onSort={onSort} className={`${sticky} w-28`} />
          <SortHeader label="Engine" sort="engine" query={query} onSort={onSort} className={`${sticky} hidden w-28 md:table-cell`} />
          {isAdmin && (
            <th scope="col" className={`${th} ${sticky} hidden w-28 lg:table-cell`}>
              Owner
            </th>
          )}
          <SortHeader label="Age" sort="created" query={query} onSort={onSort} className={`${sticky} hidden w-20 sm:table-cell`} />
          <th scope="col" className={`${th} ${sticky} hidden w-40 sm:table-cell lg:w-52`}>
            Progress
          </th>
          <th scope="col" className={`${th} ${sticky} hidden w-36 rounded-tr-lg text-right sm:table-cell`}>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody ref={body}>
        {win.before > 0 && (
          <tr aria-hidden="true" style={{ height: win.before }}>
            <td colSpan={columns} />
          </tr>
        )}
        {stores.slice(win.start, win.end).map((s, i) => (
          <StoreRow
            key={s.name}
            store={s}
            index={win.start + i}
            now={now}
            isAdmin={isAdmin}
            selected={selected.has(s.name)}
            busy={busy.has(s.name)}
            onSelect={onSelect}
            onRetry={onRetry}
            onDelete={onDelete}
          />
        ))}
        {win.after > 0 && (
          <tr aria-hidden="true" style={{ height: win.after }}>
            <td colSpan={columns} />
          </tr>
        )}
      </tbody>
    </table>
  );
}
