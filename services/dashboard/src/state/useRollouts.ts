// The rollouts page's data: the list (GET /api/rollouts) and one rollout (GET /api/rollouts/{id}), each read
// once per visit, after a resync (`refreshKey`), and again when a live event says it moved (coalesced: a wave
// starting moves several stores at once). No polling: the provisioner reports every step as an event.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Rollout, StoreEvent } from '../api/types';
import { describeError } from '../lib/errorText';
import { createCoalescer, shouldRefresh } from './rollouts';

export type Subscribe = (fn: (event: StoreEvent) => void) => () => void;

/** Events of one burst are read back once, this long after the first. */
export const REFRESH_DELAY_MS = 250;

/**
 * Reads with `read` now, later on a relevant event, and whenever `refreshKey` changes; only the newest answer
 * is applied. `relevant` sees the current value (null until the first answer).
 */
function useLiveResource<T>(read: () => Promise<T>, relevant: (ev: StoreEvent, current: T | null) => boolean, subscribe: Subscribe, refreshKey: number) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = useRef<T | null>(null);
  const seq = useRef(0);

  const load = useCallback(() => {
    const mine = ++seq.current;
    return read().then(
      (v) => {
        if (mine !== seq.current) return;
        current.current = v;
        setValue(v);
        setError(null);
      },
      (e) => mine === seq.current && setError(e),
    );
  }, [read]);

  // A new resource (another rollout): forget the old one before its first answer.
  useEffect(() => {
    current.current = null;
    setValue(null);
    setError(null);
  }, [read]);

  useEffect(() => void load(), [load, refreshKey]);

  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;
  useEffect(() => {
    const refresh = createCoalescer(load, REFRESH_DELAY_MS);
    const off = subscribe((ev) => relevantRef.current(ev, current.current) && refresh.trigger());
    return () => {
      off();
      refresh.stop();
    };
  }, [load, subscribe]);

  /** An answer of a write (the rollout as it now is) replaces what was read. */
  const replace = useCallback((v: T) => {
    seq.current++;
    current.current = v;
    setValue(v);
  }, []);
  return { value, error, reload: load, replace };
}

export function useRolloutList(subscribe: Subscribe, refreshKey: number) {
  const read = useCallback(() => api.listRollouts().then((list) => [...list].sort((a, b) => b.id - a.id)), []);
  const relevant = useCallback((ev: StoreEvent) => shouldRefresh(ev, null), []);
  const { value, error, reload } = useLiveResource(read, relevant, subscribe, refreshKey);
  return { rollouts: value, error: error ? `Could not load the rollouts: ${describeError(error)}` : null, reload };
}

export function useRollout(id: number, subscribe: Subscribe, refreshKey: number) {
  const read = useCallback(() => api.getRollout(id), [id]);
  const relevant = useCallback((ev: StoreEvent, r: Rollout | null) => shouldRefresh(ev, r ?? { id, stores: [] }), [id]);
  const { value, error, replace } = useLiveResource(read, relevant, subscribe, refreshKey);
  const notFound = error instanceof ApiError && error.status === 404;
  return {
    rollout: value,
    notFound,
    error: error && !notFound ? `Could not load the rollout: ${describeError(error)}` : null,
    replace,
  };
}
