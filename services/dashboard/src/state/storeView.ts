// One store as the dashboard shows it, built from an API row and kept current by events.
import type { ApiStore, ObservedEventData, Pod, StoreStatus, StoreWarning } from '../api/types';
import { emptyProgress, isInstalled, markFailed, progressFromStatus, withObservedPods, type StepProgress } from './progress';
import { cleanWarnings, sameWarnings, warningsFromObserved } from './warnings';

export interface StoreView {
  /** The API's row id; 0 until the row was fetched (a store first seen through an event or just created). */
  id: number;
  name: string;
  /** '' until the store's row was fetched (a store first seen through an event). */
  engine: string;
  namespace: string;
  status: StoreStatus;
  reason: string;
  url: string;
  /** The owning token's id ("" for an admin-made store); null until the row was fetched. */
  owner: string | null;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
  readyAt: string | null;
  progress: StepProgress;
  pods: Pod[] | null;
  setupJob: { name: string; state: string } | null;
  /** Trouble observed so far (from the row, then live from `store.observed`). */
  warnings: StoreWarning[];
  /** The catalogue version it runs or is moving to ('' until known): only rows carry it, events do not. */
  version: string;
  /** Scaled to 0 on request (or being). */
  suspended: boolean;
}

export const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

export function viewFromApi(s: ApiStore, previous?: StoreView): StoreView {
  const sameStore = previous && previous.createdAt === s.created_at;
  const keepProgress = sameStore && previous.status === s.status;
  // A change that starts rolling out here (a PATCH answer) reruns the steps: they show afresh as events come.
  const startsChange = sameStore && s.status === 'Upgrading' && previous.status !== 'Upgrading';
  const fromStatus =
    s.status === 'Failed' ? markFailed(emptyProgress(), s.status_reason ?? '') : startsChange ? emptyProgress() : progressFromStatus(s.status);
  const warnings = s.warnings !== undefined ? cleanWarnings(s.warnings) : sameStore ? previous.warnings : [];
  return {
    id: s.id ?? 0,
    name: s.store_name,
    engine: s.engine,
    namespace: s.namespace,
    status: s.status,
    reason: s.status_reason ?? '',
    url: s.url,
    owner: s.owner ?? null,
    ownerName: s.owner_name ?? '',
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    readyAt: s.ready_at,
    progress: keepProgress ? previous.progress : fromStatus,
    pods: sameStore ? previous.pods : null,
    setupJob: sameStore ? previous.setupJob : null,
    // the same list again keeps the same array, so rows that did not change are not drawn again
    warnings: sameStore && sameWarnings(previous.warnings, warnings) ? previous.warnings : warnings,
    version: s.version ?? (sameStore ? previous.version : ''),
    suspended: s.suspended ?? s.status === 'Suspended',
  };
}

export function placeholder(name: string, status: StoreStatus, at: string): StoreView {
  return {
    id: 0,
    name,
    engine: '',
    namespace: `store-${name}`,
    status,
    reason: '',
    url: '',
    owner: null,
    ownerName: '',
    createdAt: at,
    updatedAt: at,
    readyAt: null,
    progress: progressFromStatus(status),
    pods: null,
    setupJob: null,
    warnings: [],
    version: '',
    suspended: status === 'Suspended',
  };
}

/** An observation (a `store.observed` event or `GET /status`): pods, the setup Job, and the warnings they carry. */
export function applyObserved(view: StoreView, data: ObservedEventData, warnings?: StoreWarning[]): StoreView {
  const pods = Array.isArray(data.pods) ? data.pods : view.pods;
  const setupJob = data.setupJob !== undefined ? (data.setupJob ?? null) : view.setupJob;
  const installed = isInstalled(view.status);
  const progress = installed ? view.progress : withObservedPods(view.progress, pods, setupJob);
  // A deleting store's last observation is history, not trouble to act on (the API's rule too).
  const gone = view.status === 'Deleting' || view.status === 'Deleted';
  const next = gone ? [] : (warnings ?? warningsFromObserved(pods, setupJob));
  return { ...view, pods, setupJob, progress, warnings: sameWarnings(view.warnings, next) ? view.warnings : next };
}
