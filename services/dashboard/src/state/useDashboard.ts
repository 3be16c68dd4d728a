// Wires the reducer to the network: one EventSource opened first (its events are held back until the first
// page of GET /api/stores is applied, so nothing falls between the two), then live events only. The list is
// paged on the server: the first page of the current filters is loaded whenever they change (and after a
// resync), further pages on demand with the cursor of the last one.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../api/client';
import { describeError } from '../lib/errorText';
import { openEventStream, type ConnectionState } from '../api/eventStream';
import type { StoreEvent } from '../api/types';
import { queryKey, toApiParams, type ListQuery } from './listQuery';
import { dashboardReducer, initialState } from './storesReducer';

/** Rows per page: a screenful several times over, small enough to answer at once. */
export const PAGE_SIZE = 100;

export function useDashboard(query: ListQuery) {
  const [state, dispatch] = useReducer(dashboardReducer, initialState);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadingFirst, setLoadingFirst] = useState(true);
  const queryRef = useRef(query);
  queryRef.current = query;
  // Only the answer for the newest request is applied (a slow answer for old filters is dropped).
  const generation = useRef(0);
  const inflight = useRef<{ key: string; promise: Promise<void> } | null>(null);
  // Pages that read more than the reducer keeps (the rollouts page) hear every live event here.
  const listeners = useRef(new Set<(event: StoreEvent) => void>());
  const subscribe = useCallback((fn: (event: StoreEvent) => void) => {
    listeners.current.add(fn);
    return () => void listeners.current.delete(fn);
  }, []);

  // Concurrent callers for the same filters share one request, so whoever waits for the list really waits for it.
  const loadFirstPage = useCallback((): Promise<void> => {
    const q = queryRef.current;
    const key = queryKey(q);
    if (inflight.current?.key === key) return inflight.current.promise;
    const mine = ++generation.current;
    setLoadingFirst(true);
    const promise = api
      .listStores({ ...toApiParams(q), limit: PAGE_SIZE })
      .then((res) => {
        if (mine !== generation.current) return;
        dispatch({ type: 'snapshot', stores: res.stores, query: q, nextCursor: res.next_cursor, total: res.total });
        setLoadError(null);
      })
      .catch((e) => {
        if (mine === generation.current) setLoadError(describeError(e));
      })
      .finally(() => {
        if (mine === generation.current) setLoadingFirst(false);
        if (inflight.current?.promise === promise) inflight.current = null;
      });
    inflight.current = { key, promise };
    return promise;
  }, []);

  const nextCursor = state.list.nextCursor;
  const listQuery = state.list.query;
  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const res = await api.listStores({ ...toApiParams(listQuery), limit: PAGE_SIZE, cursor: nextCursor });
      if (mine === generation.current) dispatch({ type: 'page', stores: res.stores, query: listQuery, nextCursor: res.next_cursor, total: res.total });
    } catch (e) {
      setLoadError(describeError(e));
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor, listQuery, loadingMore]);

  useEffect(() => {
    let held: StoreEvent[] | null = [];
    const stop = openEventStream({
      onEvent: (event) => {
        if (held) held.push(event);
        else dispatch({ type: 'event', event });
        for (const fn of [...listeners.current]) fn(event);
      },
      onState: setConnection,
      onResync: () => void loadFirstPage(),
      // Was it a 401? The stream cannot tell; GET /api/session can, and its 401 reaches the session listener.
      onClosed: () => void api.getSession().catch(() => undefined),
    });
    void loadFirstPage().then(() => {
      const pending = held ?? [];
      held = null;
      for (const event of pending) dispatch({ type: 'event', event, buffered: true });
    });
    return stop;
  }, [loadFirstPage]);

  // Other filters: their first page (the rows shown stay until it arrives).
  const key = queryKey(query);
  const lastKey = useRef(key);
  useEffect(() => {
    if (lastKey.current === key) return; // the first one is loaded with the stream, above
    lastKey.current = key;
    void loadFirstPage();
  }, [key, loadFirstPage]);

  // The list failed to load (API down at page load): load it as soon as the stream is back.
  useEffect(() => {
    if (connection === 'live' && !state.snapshotLoaded && loadError) void loadFirstPage();
  }, [connection, state.snapshotLoaded, loadError, loadFirstPage]);

  // Stores first seen through an event have no engine or URL yet: fetch their row once.
  const filling = useRef(new Set<string>());
  useEffect(() => {
    for (const s of Object.values(state.stores)) {
      if (s.id !== 0 || s.engine !== '' || filling.current.has(s.name)) continue;
      filling.current.add(s.name);
      api
        .getStore(s.name)
        .then((row) => dispatch({ type: 'storeLoaded', store: row }))
        .catch(() => undefined); // asked once: a store gone meanwhile is removed by its Deleted event
    }
  }, [state.stores]);

  return {
    state,
    dispatch,
    connection,
    loadError,
    reload: loadFirstPage,
    /** `fn` hears every live event (also while the first page loads); returns an unsubscribe function. */
    subscribe,
    loadMore,
    loadingMore,
    /** A first page is on its way (initial load, other filters, a refresh). */
    loadingFirst,
  };
}

export type Dashboard = ReturnType<typeof useDashboard>;
