// Wires the reducer to the network: one EventSource opened first (its events are held back until the
// initial GET /api/stores is applied, so nothing falls between the two), then live events only.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../api/client';
import { describeError } from '../lib/errorText';
import { openEventStream, type ConnectionState } from '../api/eventStream';
import type { StoreEvent } from '../api/types';
import { dashboardReducer, initialState } from './storesReducer';

export function useDashboard() {
  const [state, dispatch] = useReducer(dashboardReducer, initialState);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [loadError, setLoadError] = useState<string | null>(null);
  const inflight = useRef<Promise<void> | null>(null);

  // Concurrent callers share one request, so whoever waits for the list really waits for it.
  const loadSnapshot = useCallback((): Promise<void> => {
    inflight.current ??= api
      .listAllStores()
      .then((stores) => {
        dispatch({ type: 'snapshot', stores });
        setLoadError(null);
      })
      .catch((e) => setLoadError(describeError(e)))
      .finally(() => {
        inflight.current = null;
      });
    return inflight.current;
  }, []);

  useEffect(() => {
    let held: StoreEvent[] | null = [];
    const stop = openEventStream({
      onEvent: (event) => {
        if (held) held.push(event);
        else dispatch({ type: 'event', event });
      },
      onState: setConnection,
      onResync: () => void loadSnapshot(),
      // Was it a 401? The stream cannot tell; GET /api/session can, and its 401 reaches the session listener.
      onClosed: () => void api.getSession().catch(() => undefined),
    });
    void loadSnapshot().then(() => {
      const pending = held ?? [];
      held = null;
      for (const event of pending) dispatch({ type: 'event', event, buffered: true });
    });
    return stop;
  }, [loadSnapshot]);

  // The list failed to load (API down at page load): load it as soon as the stream is back.
  useEffect(() => {
    if (connection === 'live' && !state.snapshotLoaded && loadError) void loadSnapshot();
  }, [connection, state.snapshotLoaded, loadError, loadSnapshot]);

  // Stores first seen through an event have no engine or URL yet: fetch their row once.
  const filling = useRef(new Set<string>());
  useEffect(() => {
    for (const s of Object.values(state.stores)) {
      if (s.engine !== '' || filling.current.has(s.name)) continue;
      filling.current.add(s.name);
      api
        .getStore(s.name)
        .then((row) => dispatch({ type: 'storeLoaded', store: row }))
        .catch(() => undefined); // asked once: a store gone meanwhile is removed by its Deleted event
    }
  }, [state.stores]);

  return { state, dispatch, connection, loadError, reload: loadSnapshot };
}

export type Dashboard = ReturnType<typeof useDashboard>;
