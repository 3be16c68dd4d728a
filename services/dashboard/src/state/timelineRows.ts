// A store's events as timeline rows, newest first. Consecutive events that read the same (the provisioner
// observing the same "1/2 pods ready, web-0: ImagePullBackOff" every few seconds) become one row with a count,
// the first and the last time, so a failing store's history stays readable.
import { isStoreStatus, type StoreEvent, type StoreStatus } from '../api/types';

export type Tone = 'normal' | 'good' | 'warn' | 'bad';

/** Every status's tone (a Record, so a new status cannot be forgotten): only trouble and Ready stand out. */
const STATUS_TONE: Record<StoreStatus, Tone> = {
  Queued: 'normal',
  Provisioning: 'normal',
  Installing: 'normal',
  Upgrading: 'normal',
  Ready: 'good',
  Suspended: 'normal',
  Degraded: 'warn',
  Failed: 'bad',
  Deleting: 'normal',
  Deleted: 'normal',
};

export interface TimelineRow {
  /** The newest event's id (a stable key while more identical events arrive). */
  id: number;
  title: string;
  detail: string;
  tone: Tone;
  count: number;
  firstAt: string;
  lastAt: string;
}

interface ObservedData {
  pods?: { name?: string; ready?: boolean; phase?: string; reason?: string | null }[];
  setupJob?: { state?: string } | null;
}

export function describeEvent(ev: StoreEvent): { title: string; detail: string; tone: Tone } {
  switch (ev.type) {
    case 'store.status':
      return {
        title: `Status: ${ev.status}`,
        detail: ev.reason,
        tone: isStoreStatus(ev.status) ? STATUS_TONE[ev.status] : 'normal',
      };
    case 'store.step': {
      const d = ev.data as { step?: string; state?: string; detail?: string };
      return { title: `Step ${d.step ?? '?'} ${d.state ?? ''}`.trim(), detail: d.detail ?? '', tone: d.state === 'failed' ? 'bad' : 'normal' };
    }
    case 'store.observed': {
      const d = ev.data as ObservedData;
      // finished pods (the setup Job's) are not counted as "not ready"
      const pods = (d.pods ?? []).filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
      const ready = pods.filter((p) => p.ready).length;
      const job = d.setupJob?.state ? `, setup job ${d.setupJob.state}` : '';
      const trouble = (d.pods ?? []).filter((p) => p.reason).map((p) => `${p.name}: ${p.reason}`);
      return {
        title: 'Observed',
        detail: `${ready}/${pods.length} pods ready${job}${trouble.length ? ` — ${trouble.join(', ')}` : ''}`,
        tone: trouble.length || d.setupJob?.state === 'failed' ? 'warn' : 'normal',
      };
    }
    default:
      return { title: ev.type, detail: ev.reason, tone: 'normal' };
  }
}

/** Rows newest first; runs of identical consecutive events are folded into one. */
export function timelineRows(events: StoreEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const ev of events) {
    const d = describeEvent(ev);
    const last = rows[rows.length - 1];
    if (last && last.title === d.title && last.detail === d.detail) {
      last.count++;
      last.lastAt = ev.at;
      last.id = ev.id;
    } else {
      rows.push({ id: ev.id, ...d, count: 1, firstAt: ev.at, lastAt: ev.at });
    }
  }
  return rows.reverse();
}
