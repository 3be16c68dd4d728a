import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { StoreSort } from '../api/types';
import { describeError } from '../lib/errorText';
import { appliesTo, describeOutcome, runBulk, type BulkAction } from '../state/bulk';
import { toggleSort, type ListQuery } from '../state/listQuery';
import type { StoreView } from '../state/storesReducer';
import { ConfirmDialog } from './ConfirmDialog';
import { StoreTable } from './StoreTable';

interface Props {
  stores: StoreView[];
  total: number;
  hasMore: boolean;
  query: ListQuery;
  onQuery: (next: ListQuery) => void;
  now: number;
  loaded: boolean;
  loadingFirst: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onRefresh: () => void;
  isAdmin: boolean;
  /** No filter is set: an empty list means there are no stores at all. */
  unfiltered: boolean;
}

interface Pending {
  action: BulkAction;
  names: string[];
}

const button = 'rounded-md px-3 py-1.5 text-sm font-semibold ring-1 disabled:cursor-not-allowed disabled:opacity-60';

function confirmText(p: Pending): { title: string; message: string; label: string } {
  const n = p.names.length;
  const what = n === 1 ? p.names[0] : `${n} stores`;
  const listed = n > 1 ? ` (${p.names.slice(0, 5).join(', ')}${n > 5 ? `, and ${n - 5} more` : ''})` : '';
  if (p.action === 'delete') {
    return {
      title: `Delete ${what}?`,
      message: `This uninstalls ${n === 1 ? 'the store' : `each store${listed}`} and deletes ${n === 1 ? 'its namespace' : 'their namespaces'} with all data. It cannot be undone.`,
      label: n === 1 ? 'Delete store' : `Delete ${n} stores`,
    };
  }
  return {
    title: `Retry ${what}?`,
    message: `This installs ${n === 1 ? 'the store' : `each store${listed}`} again from the start.`,
    label: n === 1 ? 'Retry store' : `Retry ${n} stores`,
  };
}

/** The list: a summary line, bulk actions for the selected rows, the table, and the next page. */
export function StoreList(props: Props) {
  const { stores, total, hasMore, query, onQuery, now, loaded, loadingFirst, loadingMore, onLoadMore, onRefresh, isAdmin, unfiltered } = props;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const byName = useMemo(() => new Map(stores.map((s) => [s.name, s])), [stores]);
  const more = useRef<HTMLButtonElement>(null);

  // Scrolling down to the end of the loaded rows loads the next page (the button does the same by hand).
  useEffect(() => {
    const el = more.current;
    if (!el || !hasMore || loadingMore || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onLoadMore(), { rootMargin: '600px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  // A selected store that left the list (deleted, other filters) is no longer selected.
  useEffect(() => {
    setSelected((sel) => {
      const kept = [...sel].filter((n) => byName.has(n));
      return kept.length === sel.size ? sel : new Set(kept);
    });
  }, [byName]);

  const onSelect = useCallback((name: string, on: boolean) => {
    setSelected((sel) => {
      const next = new Set(sel);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  }, []);
  const onSelectAll = (on: boolean) => setSelected(on ? new Set(stores.map((s) => s.name)) : new Set());

  const run = useCallback(async (action: BulkAction, names: string[]) => {
    setBusy((b) => new Set([...b, ...names]));
    const outcome = await runBulk(names, (n) => (action === 'retry' ? api.retryStore(n) : api.deleteStore(n)), describeError);
    setBusy((b) => new Set([...b].filter((n) => !names.includes(n))));
    setNotice({ text: describeOutcome(action, outcome), error: outcome.failed.length > 0 });
    if (action === 'delete') setSelected((sel) => new Set([...sel].filter((n) => !outcome.done.includes(n))));
  }, []);

  // Retrying one failed store needs no confirmation (as on its page); deleting always asks.
  const onRetry = useCallback((name: string) => void run('retry', [name]), [run]);
  const onDelete = useCallback((name: string) => setPending({ action: 'delete', names: [name] }), []);

  const chosen = stores.filter((s) => selected.has(s.name));
  const retryable = chosen.filter((s) => appliesTo('retry', s)).map((s) => s.name);
  const deletable = chosen.filter((s) => appliesTo('delete', s)).map((s) => s.name);

  if (!loaded && stores.length === 0) return <p className="text-slate-700">Loading stores…</p>;
  const text = pending ? confirmText(pending) : null;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-800" data-testid="list-summary" role="status" data-shown={stores.length} data-total={total}>
          {loadingFirst && loaded ? 'Loading…' : `Showing ${stores.length} of ${total} store${total === 1 ? '' : 's'}`}
        </p>
        <button type="button" onClick={onRefresh} className={`${button} text-slate-900 ring-slate-400 hover:bg-slate-100`}>
          Refresh
        </button>
      </div>
      {selected.size > 0 && (
        <div className="flex flex-wrap items-center gap-3 rounded-lg bg-blue-50 p-3 ring-1 ring-blue-300" data-testid="bulk-bar">
          <span className="text-sm font-medium text-blue-800">{selected.size} selected</span>
          <button type="button" disabled={retryable.length === 0} onClick={() => setPending({ action: 'retry', names: retryable })}
            className={`${button} text-amber-900 ring-amber-600 hover:bg-amber-50`}>
            Retry {retryable.length}
          </button>
          <button type="button" disabled={deletable.length === 0} onClick={() => setPending({ action: 'delete', names: deletable })}
            className={`${button} text-red-800 ring-red-700 hover:bg-red-50`}>
            Delete {deletable.length}
          </button>
          <button type="button" onClick={() => setSelected(new Set())} className={`${button} text-slate-900 ring-slate-400 hover:bg-slate-100`}>
            Clear selection
          </button>
        </div>
      )}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} data-testid="bulk-result"
          className={`rounded-md p-3 text-sm ${notice.error ? 'bg-red-50 text-red-800' : 'bg-green-50 text-green-800'}`}>
          {notice.text}
        </p>
      )}
      {stores.length === 0 ? (
        <p className="text-slate-700" data-testid="list-empty">
          {unfiltered ? 'No stores yet. Create the first one with the form.' : 'No stores match these filters.'}
        </p>
      ) : (
        <StoreTable
          stores={stores}
          total={total}
          query={query}
          onSort={(sort: StoreSort) => onQuery(toggleSort(query, sort))}
          now={now}
          isAdmin={isAdmin}
          selected={selected}
          busy={busy}
          onSelectAll={onSelectAll}
          onSelect={onSelect}
          onRetry={onRetry}
          onDelete={onDelete}
        />
      )}
      {hasMore && (
        <button ref={more} type="button" disabled={loadingMore} onClick={onLoadMore} className={`${button} w-full text-slate-900 ring-slate-400 hover:bg-slate-100`}>
          {loadingMore ? 'Loading…' : `Load more (${total - stores.length} not shown)`}
        </button>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={text?.title ?? ''}
        message={text?.message ?? ''}
        confirmLabel={text?.label ?? ''}
        tone={pending?.action === 'retry' ? 'caution' : 'danger'}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const p = pending;
          setPending(null);
          if (p) void run(p.action, p.names);
        }}
      />
    </div>
  );
}
