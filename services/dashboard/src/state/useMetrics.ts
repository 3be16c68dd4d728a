// GET /api/metrics: the counts per status for the tiles and the activity counters. Fetched at once, then again
// (debounced) whenever events arrive, never on a timer. The tab title says how many stores are failing.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Metrics, StoreStatus } from '../api/types';

/** At most one request per `intervalMs` however fast events come (a trailing one catches the last change). */
export function useMetrics(refreshKey: number, intervalMs = 700): Metrics | null {
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);
  const started = useRef(false);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, []);

  useEffect(() => {
    const load = () =>
      api
        .getMetrics()
        .then((m) => alive.current && setMetrics(m))
        .catch(() => undefined); // the tiles keep their last numbers; the connection indicator tells the rest
    if (!started.current) {
      started.current = true;
      void load();
      return;
    }
    if (timer.current) return; // one is already due and will see this change too
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, intervalMs);
  }, [refreshKey, intervalMs]);
  return metrics;
}

/** A status's count: from by_status when the API sends it, else from the summary fields. */
export function countOf(metrics: Metrics, status: StoreStatus): number {
  const n = metrics.stores.by_status?.[status];
  if (typeof n === 'number') return n;
  if (status === 'Ready') return metrics.stores.ready;
  if (status === 'Failed') return metrics.stores.failed;
  if (status === 'Degraded') return metrics.stores.degraded ?? 0;
  return 0;
}

/** Stores that need someone: Failed and Degraded. */
export const failingCount = (m: Metrics) => countOf(m, 'Failed') + countOf(m, 'Degraded');

/** "(2 failing) Storefleet", or "Storefleet" when nothing is failing (or the counts are not known yet). */
export function titleFor(metrics: Metrics | null, base = 'Storefleet'): string {
  const failing = metrics ? failingCount(metrics) : 0;
  return failing > 0 ? `(${failing} failing) ${base}` : base;
}

export function useDocumentTitle(metrics: Metrics | null) {
  const title = titleFor(metrics);
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => () => void (document.title = 'Storefleet'), []);
}
