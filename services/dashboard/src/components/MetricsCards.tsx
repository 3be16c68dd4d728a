import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Metrics } from '../api/types';

interface Props {
  /** Live counts from the event-fed state. */
  counts: { total: number; ready: number; failed: number; provisioning: number };
  /** Changes whenever an event arrives; activity counters are refetched (debounced) then, never on a timer. */
  refreshKey: number;
}

function Card({ label, value, tone }: { label: string; value: number | string; tone: string }) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <dt className="text-sm font-medium text-slate-700">{label}</dt>
      <dd className={`mt-1 text-2xl font-bold ${tone}`}>{value}</dd>
    </div>
  );
}

export function MetricsCards({ counts, refreshKey }: Props) {
  const [activity, setActivity] = useState<Metrics['activity'] | null>(null);
  const firstLoad = useRef(true);

  useEffect(() => {
    let cancelled = false;
    const t = setTimeout(
      () => {
        firstLoad.current = false;
        api
          .getMetrics()
          .then((m) => !cancelled && setActivity(m.activity))
          .catch(() => undefined); // the cards keep their last numbers; the connection indicator tells the rest
      },
      firstLoad.current ? 0 : 1000,
    );
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [refreshKey]);

  return (
    <section aria-labelledby="metrics-title">
      <h2 id="metrics-title" className="sr-only">
        Metrics
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="metrics">
        <Card label="Stores" value={counts.total} tone="text-slate-900" />
        <Card label="Ready" value={counts.ready} tone="text-green-800" />
        <Card label="In progress" value={counts.provisioning} tone="text-blue-800" />
        <Card label="Failed" value={counts.failed} tone="text-red-800" />
        <Card label="Created (total)" value={activity?.created ?? '—'} tone="text-slate-900" />
        <Card label="Deleted (total)" value={activity?.deleted ?? '—'} tone="text-slate-900" />
      </dl>
    </section>
  );
}
