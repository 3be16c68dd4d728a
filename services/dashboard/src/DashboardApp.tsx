import { useCallback, useMemo } from 'react';
import { AccessTokens } from './components/AccessTokens';
import { AuditLog } from './components/AuditLog';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { CreateStoreForm } from './components/CreateStoreForm';
import { MetricsCards } from './components/MetricsCards';
import { NotFound } from './components/NotFound';
import { RolloutDetail } from './components/RolloutDetail';
import { Rollouts } from './components/Rollouts';
import { StoreDetail } from './components/StoreDetail';
import { StoreFilters } from './components/StoreFilters';
import { StoreList } from './components/StoreList';
import { ThemeToggle } from './components/ThemeToggle';
import { UserMenu } from './components/UserMenu';
import type { CreateStoreResponse, Session, StoreStatus } from './api/types';
import { useHashRoute, useNow } from './lib/useHashRoute';
import { DEFAULT_QUERY, serializeListQuery } from './state/listQuery';
import { listedStores } from './state/storesReducer';
import { useDashboard } from './state/useDashboard';
import { useListQuery } from './state/useListQuery';
import { useDocumentTitle, useMetrics } from './state/useMetrics';

interface Props {
  session: Session;
  onLogout: () => Promise<void>;
}

/** The signed-in app. Mounted only with a session, so its event stream and state start and end with it. */
export function DashboardApp({ session, onLogout }: Props) {
  const isAdmin = session.role === 'admin';
  const route = useHashRoute();
  const { query, setQuery, href: listLink } = useListQuery(route);
  const { state, dispatch, connection, loadError, reload, loadMore, loadingMore, loadingFirst, subscribe } = useDashboard(query);
  // Admin-only pages: a tenant who opens their link sees the store list instead.
  const adminPage = route.page === 'tokens' || route.page === 'rollouts' || route.page === 'rollout';
  const now = useNow();
  const stores = useMemo(() => listedStores(state), [state.list.names, state.stores]);
  const metrics = useMetrics(state.lastEventId);
  useDocumentTitle(metrics);
  const onStatusFilter = useCallback((status: StoreStatus[]) => setQuery({ ...query, status }), [query, setQuery]);
  const unfiltered = serializeListQuery({ ...query, sort: DEFAULT_QUERY.sort, order: DEFAULT_QUERY.order }) === '';

  const onCreated = useCallback(
    (response: CreateStoreResponse, engine: string) =>
      dispatch({ type: 'created', response, engine, at: new Date().toISOString() }),
    [dispatch],
  );

  const navLink = (href: string, label: string, current: boolean) => (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-slate-900 text-white' : 'text-slate-900 hover:bg-slate-200'}`}
    >
      {label}
    </a>
  );

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex flex-wrap items-center gap-4">
            <h1 className="text-xl font-bold tracking-tight">Storefleet</h1>
            <nav aria-label="Main" className="flex gap-1">
              {navLink(listLink, 'Stores', route.page === 'stores' || route.page === 'store')}
              {navLink('#/audit', 'Audit log', route.page === 'audit')}
              {isAdmin && navLink('#/rollouts', 'Rollouts', route.page === 'rollouts' || route.page === 'rollout')}
              {isAdmin && navLink('#/tokens', 'Access tokens', route.page === 'tokens')}
            </nav>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <ConnectionIndicator state={connection} />
            <ThemeToggle />
            <UserMenu session={session} onLogout={onLogout} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-6">
        {loadError && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-red-50 p-3 text-red-800">
            <span>Could not load the stores: {loadError}</span>
            <button type="button" onClick={() => void reload()} className="rounded-md px-3 py-1 font-semibold ring-1 ring-red-700">
              Try again
            </button>
          </div>
        )}
        {state.orphans.length > 0 && (
          <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-300">
            Namespaces labelled as stores but without a store: {state.orphans.join(', ')}. They were left in place for
            an operator to review.
          </p>
        )}
        {(route.page === 'stores' || (adminPage && !isAdmin)) && (
          <>
            <MetricsCards metrics={metrics} status={query.status} onFilter={onStatusFilter} />
            <div className="grid gap-6 2xl:grid-cols-[18rem_1fr]">
              <div className="max-w-xl rounded-lg bg-white p-4 ring-1 ring-slate-200 2xl:self-start">
                <CreateStoreForm onCreated={onCreated} />
              </div>
              <section aria-labelledby="stores-title" className="min-w-0 space-y-3">
                <h2 id="stores-title" className="text-lg font-semibold">
                  Stores
                </h2>
                <StoreFilters query={query} onChange={setQuery} isAdmin={isAdmin} />
                <StoreList
                  stores={stores}
                  total={state.list.total}
                  hasMore={state.list.nextCursor !== null}
                  query={state.list.query}
                  onQuery={setQuery}
                  now={now}
                  loaded={state.snapshotLoaded}
                  loadingFirst={loadingFirst}
                  loadingMore={loadingMore}
                  onLoadMore={loadMore}
                  onRefresh={() => void reload()}
                  isAdmin={isAdmin}
                  unfiltered={unfiltered}
                />
              </section>
            </div>
          </>
        )}
        {route.page === 'store' && <StoreDetail name={route.name} state={state} dispatch={dispatch} now={now} listHref={listLink} />}
        {route.page === 'audit' && <AuditLog refreshKey={state.lastEventId} storeNames={state.list.names} />}
        {route.page === 'tokens' && isAdmin && <AccessTokens />}
        {route.page === 'rollouts' && isAdmin && <Rollouts subscribe={subscribe} refreshKey={state.snapshots} />}
        {route.page === 'rollout' && isAdmin && <RolloutDetail key={route.id} id={route.id} subscribe={subscribe} refreshKey={state.snapshots} />}
        {route.page === 'notFound' && <NotFound path={route.path} />}
      </main>
      <div aria-live="polite" className="sr-only" data-testid="announcer">
        {state.announcement}
      </div>
    </div>
  );
}
