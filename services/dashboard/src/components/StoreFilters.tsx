import { useEffect, useId, useRef, useState } from 'react';
import { ENGINES, STORE_SORTS, STORE_STATUSES, type Engine, type StoreSort, type StoreStatus } from '../api/types';
import { engineLabel } from '../lib/format';
import { DEFAULT_QUERY, IN_PROGRESS, sameStatuses, serializeListQuery, type ListQuery } from '../state/listQuery';

interface Props {
  query: ListQuery;
  /** `replace`: typing (no history entry per keystroke). */
  onChange: (next: ListQuery, opts?: { replace?: boolean }) => void;
  isAdmin: boolean;
}

const SORT_LABEL: Record<StoreSort, string> = { created: 'Created', name: 'Name', status: 'Status (worst first)', engine: 'Engine', updated: 'Last change' };
const field = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900';
const label = 'block text-xs font-medium text-slate-800';

/** Text typed into a box reaches the filters after a pause, not on every keystroke. */
function useDebouncedField(value: string, commit: (v: string) => void, ms = 300): [string, (v: string) => void] {
  const [text, setText] = useState(value);
  const [dirty, setDirty] = useState(false);
  // the latest filters, without restarting the pause on every render (events re-render often)
  const latest = useRef(commit);
  latest.current = commit;
  // the filters changed elsewhere (Back, a link, "Clear"): show them
  useEffect(() => {
    if (!dirty) setText(value);
  }, [value, dirty]);
  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => {
      setDirty(false);
      latest.current(text);
    }, ms);
    return () => clearTimeout(t);
  }, [text, dirty, ms]);
  return [text, (v: string) => (setText(v), setDirty(true))];
}

function statusValue(status: StoreStatus[]): string {
  if (status.length === 0) return '';
  if (sameStatuses(status, IN_PROGRESS)) return 'progress';
  if (status.length === 1) return status[0];
  return 'custom';
}

/** Search, status, engine, owner (admins) and sort; every change lands in the URL. */
export function StoreFilters({ query, onChange, isAdmin }: Props) {
  const id = useId();
  const [search, setSearch] = useDebouncedField(query.q, (v) => onChange({ ...query, q: v.trim().toLowerCase() }, { replace: true }));
  const [owner, setOwner] = useDebouncedField(query.owner, (v) => onChange({ ...query, owner: v.trim() }, { replace: true }));
  const filtered = serializeListQuery({ ...query, sort: DEFAULT_QUERY.sort, order: DEFAULT_QUERY.order }) !== '';
  const status = statusValue(query.status);

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Stores">
      <div className="min-w-40 flex-1">
        <label htmlFor={`${id}-q`} className={label}>
          Search by name
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={search}
          maxLength={63}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="part of a store name"
          className={field}
        />
      </div>
      <div>
        <label htmlFor={`${id}-status`} className={label}>
          Status filter
        </label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'custom') return;
            onChange({ ...query, status: v === '' ? [] : v === 'progress' ? IN_PROGRESS : [v as StoreStatus] });
          }}
          className={field}
        >
          <option value="">All (not deleted)</option>
          <option value="progress">In progress</option>
          {STORE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          {status === 'custom' && <option value="custom">{query.status.join(', ')}</option>}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-engine`} className={label}>
          Engine filter
        </label>
        <select
          id={`${id}-engine`}
          value={query.engine}
          onChange={(e) => onChange({ ...query, engine: e.target.value as Engine | '' })}
          className={field}
        >
          <option value="">All engines</option>
          {ENGINES.map((e) => (
            <option key={e} value={e}>
              {engineLabel(e)}
            </option>
          ))}
        </select>
      </div>
      {isAdmin && (
        <div className="w-36">
          <label htmlFor={`${id}-owner`} className={label}>
            Owner filter
          </label>
          <input
            id={`${id}-owner`}
            value={owner}
            maxLength={128}
            onChange={(e) => setOwner(e.target.value)}
            placeholder="token name or id"
            className={field}
          />
        </div>
      )}
      <div>
        <label htmlFor={`${id}-sort`} className={label}>
          Sort by
        </label>
        <select
          id={`${id}-sort`}
          value={`${query.sort}:${query.order}`}
          onChange={(e) => {
            const [sort, order] = e.target.value.split(':') as [StoreSort, 'asc' | 'desc'];
            onChange({ ...query, sort, order });
          }}
          className={field}
        >
          {STORE_SORTS.flatMap((s) =>
            (['asc', 'desc'] as const).map((o) => (
              <option key={`${s}:${o}`} value={`${s}:${o}`}>
                {SORT_LABEL[s]} {o === 'asc' ? '↑' : '↓'}
              </option>
            )),
          )}
        </select>
      </div>
      {filtered && (
        <button
          type="button"
          onClick={() => onChange({ ...DEFAULT_QUERY, sort: query.sort, order: query.order })}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
