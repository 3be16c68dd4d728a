// The dashboard's state: one pure reducer fed by the initial GET /api/stores and then by SSE events.
// No polling; everything the list, the detail and the progress bars show comes from here.
import {
  isStoreStatus,
  type ApiStore,
  type CreateStoreResponse,
  type ObservedEventData,
  type Pod,
  type StepEventData,
  type StoreEvent,
  type StoreStatus,
  type StoreStatusResponse,
} from '../api/types';
import {
  applyStep,
  emptyProgress,
  isProvisionStep,
  progressFromStatus,
  withObservedPods,
  type StepProgress,
} from './progress';

export interface StoreView {
  name: string;
  /** '' until the store's row was fetched (a store first seen through an event). */
  engine: string;
  namespace: string;
  status: StoreStatus;
  reason: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  readyAt: string | null;
  progress: StepProgress;
  pods: Pod[] | null;
  setupJob: { name: string; state: string } | null;
}

export interface DashboardState {
  stores: Record<string, StoreView>;
  /** Events per store name in id order (kept after a store is deleted, for its detail page). */
  timelines: Record<string, StoreEvent[]>;
  /** Highest live event id applied; a replayed duplicate is ignored. */
  lastEventId: number;
  snapshotLoaded: boolean;
  /** Namespaces labelled as stores that have no store row (never deleted silently: shown to the operator). */
  orphans: string[];
  /** Last status change in words, for the screen-reader live region. */
  announcement: string;
}

export type DashboardAction =
  | { type: 'snapshot'; stores: ApiStore[] }
  /** `buffered`: received before the snapshot was applied, so it may be older than the snapshot. */
  | { type: 'event'; event: StoreEvent; buffered?: boolean }
  | { type: 'history'; store: string; events: StoreEvent[] }
  | { type: 'storeLoaded'; store: ApiStore }
  | { type: 'statusLoaded'; store: string; status: StoreStatusResponse }
  | { type: 'created'; response: CreateStoreResponse; engine: string; at: string };

export const TIMELINE_LIMIT = 300;

export const initialState: DashboardState = {
  stores: {},
  timelines: {},
  lastEventId: 0,
  snapshotLoaded: false,
  orphans: [],
  announcement: '',
};

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

function viewFromApi(s: ApiStore, previous?: StoreView): StoreView {
  const sameStore = previous && previous.createdAt === s.created_at;
  const keepProgress = sameStore && previous.status === s.status;
  return {
    name: s.store_name,
    engine: s.engine,
    namespace: s.namespace,
    status: s.status,
    reason: s.status_reason ?? '',
    url: s.url,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    readyAt: s.ready_at,
    progress: keepProgress ? previous.progress : progressFromStatus(s.status),
    pods: sameStore ? previous.pods : null,
    setupJob: sameStore ? previous.setupJob : null,
  };
}

function placeholder(name: string, status: StoreStatus, at: string): StoreView {
  return {
    name,
    engine: '',
    namespace: `store-${name}`,
    status,
    reason: '',
    url: '',
    createdAt: at,
    updatedAt: at,
    readyAt: null,
    progress: progressFromStatus(status),
    pods: null,
    setupJob: null,
  };
}

function mergeTimeline(existing: StoreEvent[] | undefined, incoming: StoreEvent[]): StoreEvent[] {
  const byId = new Map<number, StoreEvent>();
  for (const e of existing ?? []) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  const merged = [...byId.values()].sort((a, b) => a.id - b.id);
  return merged.length > TIMELINE_LIMIT ? merged.slice(merged.length - TIMELINE_LIMIT) : merged;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** Status change of one store; returns the new stores map (the store is dropped once Deleted). */
function applyStatus(
  stores: Record<string, StoreView>,
  ev: StoreEvent,
  status: StoreStatus,
  buffered: boolean,
): Record<string, StoreView> {
  const current = stores[ev.store];
  if (!current) {
    // A store created elsewhere (another operator, a REST client): show it at once, details follow.
    if (status === 'Deleting' || status === 'Deleted') return stores;
    return { ...stores, [ev.store]: { ...placeholder(ev.store, status, ev.at), reason: ev.reason ?? '' } };
  }
  // An event received before the snapshot that the snapshot already covers must not turn the clock back.
  if (buffered && time(ev.at) < time(current.updatedAt)) return stores;
  if (status === 'Deleted') return withoutKey(stores, ev.store);

  let progress = current.progress;
  if (status === 'Queued' || (current.status === 'Failed' && status !== 'Failed')) progress = emptyProgress();
  if (status === 'Ready' || status === 'Degraded') progress = progressFromStatus(status);
  const next: StoreView = {
    ...current,
    status,
    reason: ev.reason ?? '',
    updatedAt: ev.at,
    readyAt: status === 'Ready' && !current.readyAt ? ev.at : current.readyAt, // since first Ready, as the API
    progress,
  };
  return { ...stores, [ev.store]: next };
}

function applyObserved(view: StoreView, data: ObservedEventData): StoreView {
  const pods = Array.isArray(data.pods) ? data.pods : view.pods;
  const setupJob = data.setupJob !== undefined ? (data.setupJob ?? null) : view.setupJob;
  const installed = view.status === 'Ready' || view.status === 'Degraded';
  const progress = installed ? view.progress : withObservedPods(view.progress, pods, setupJob);
  return { ...view, pods, setupJob, progress };
}

function applyEvent(state: DashboardState, ev: StoreEvent, buffered: boolean): DashboardState {
  if (ev.id <= state.lastEventId) return state; // a replay we already applied
  const timelines = ev.store ? { ...state.timelines, [ev.store]: mergeTimeline(state.timelines[ev.store], [ev]) } : state.timelines;
  let { stores, orphans, announcement } = state;
  const view = stores[ev.store];

  switch (ev.type) {
    case 'store.status':
      if (isStoreStatus(ev.status)) {
        const before = stores;
        stores = applyStatus(stores, ev, ev.status, buffered);
        if (stores !== before) announcement = `Store ${ev.store} is ${ev.status}.`;
      }
      break;
    case 'store.step': {
      const data = ev.data as Partial<StepEventData>;
      if (view && isProvisionStep(data.step) && (data.state === 'started' || data.state === 'done' || data.state === 'failed')) {
        const stepped = applyStep(view.progress, data.step, data.state);
        stores = { ...stores, [ev.store]: { ...view, progress: withObservedPods(stepped, view.pods, view.setupJob) } };
      }
      break;
    }
    case 'store.observed':
      if (view) stores = { ...stores, [ev.store]: applyObserved(view, ev.data as ObservedEventData) };
      break;
    case 'store.orphan': {
      const ns = (ev.data as { namespace?: unknown }).namespace;
      if (typeof ns === 'string' && !orphans.includes(ns)) orphans = [...orphans, ns];
      break;
    }
    default:
      break; // unknown types are kept in the timeline only
  }
  return { ...state, stores, timelines, orphans, announcement, lastEventId: ev.id };
}

/** Progress and pods rebuilt from a store's whole timeline (the latest attempt starts at its last Queued). */
export function deriveFromTimeline(events: StoreEvent[]): { progress: StepProgress; sawSteps: boolean; observed: ObservedEventData | null } {
  let progress = emptyProgress();
  let sawSteps = false;
  let observed: ObservedEventData | null = null;
  for (const ev of events) {
    if (ev.type === 'store.status' && ev.status === 'Queued') {
      progress = emptyProgress();
      sawSteps = false;
    } else if (ev.type === 'store.step') {
      const d = ev.data as Partial<StepEventData>;
      if (isProvisionStep(d.step) && (d.state === 'started' || d.state === 'done' || d.state === 'failed')) {
        progress = applyStep(progress, d.step, d.state);
        sawSteps = true;
      }
    } else if (ev.type === 'store.observed') {
      observed = ev.data as ObservedEventData;
    }
  }
  return { progress, sawSteps, observed };
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'snapshot': {
      const stores: Record<string, StoreView> = {};
      for (const s of action.stores) {
        if (s.status === 'Deleted') continue;
        const previous = state.stores[s.store_name];
        // A list fetched while events kept coming (a resync) may be older than what events already said.
        const newerLive = previous && previous.createdAt === s.created_at && time(previous.updatedAt) > time(s.updated_at);
        stores[s.store_name] = newerLive ? previous : viewFromApi(s, previous);
      }
      return { ...state, stores, snapshotLoaded: true };
    }
    case 'event':
      return applyEvent(state, action.event, action.buffered ?? false);
    case 'history': {
      const timeline = mergeTimeline(state.timelines[action.store], action.events);
      const timelines = { ...state.timelines, [action.store]: timeline };
      const view = state.stores[action.store];
      if (!view) return { ...state, timelines };
      const derived = deriveFromTimeline(timeline);
      const withSteps: StoreView =
        view.status !== 'Ready' && derived.sawSteps ? { ...view, progress: derived.progress } : view;
      const next = derived.observed ? applyObserved(withSteps, derived.observed) : withSteps;
      return { ...state, timelines, stores: { ...state.stores, [action.store]: next } };
    }
    case 'storeLoaded': {
      const s = action.store;
      const current = state.stores[s.store_name];
      if (s.status === 'Deleted') return current ? { ...state, stores: withoutKey(state.stores, s.store_name) } : state;
      // Keep live status if events already moved past what this (older) answer says.
      if (current && time(current.updatedAt) > time(s.updated_at)) {
        const filled = { ...current, engine: s.engine, namespace: s.namespace, url: s.url, createdAt: s.created_at };
        return { ...state, stores: { ...state.stores, [s.store_name]: filled } };
      }
      return { ...state, stores: { ...state.stores, [s.store_name]: viewFromApi(s, current) } };
    }
    case 'statusLoaded': {
      const view = state.stores[action.store];
      if (!view) return state;
      const setup =
        action.status.setupJob ?? action.status.jobs?.find((j) => /setup/.test(j.name)) ?? action.status.jobs?.[0] ?? null;
      return {
        ...state,
        stores: { ...state.stores, [action.store]: applyObserved(view, { pods: action.status.pods ?? [], setupJob: setup ?? view.setupJob }) },
      };
    }
    case 'created': {
      const r = action.response;
      if (state.stores[r.storeName]) {
        const v = state.stores[r.storeName];
        return { ...state, stores: { ...state.stores, [r.storeName]: { ...v, engine: v.engine || action.engine, url: v.url || r.url, namespace: r.namespace } } };
      }
      const view: StoreView = {
        ...placeholder(r.storeName, isStoreStatus(r.status) ? r.status : 'Queued', action.at),
        engine: action.engine,
        namespace: r.namespace,
        url: r.url,
      };
      return { ...state, stores: { ...state.stores, [r.storeName]: view } };
    }
  }
}

/** Stores newest first (then by name), as the list shows them. */
export function sortedStores(state: DashboardState): StoreView[] {
  return Object.values(state.stores).sort((a, b) => {
    const d = time(b.createdAt) - time(a.createdAt);
    return Number.isNaN(d) || d === 0 ? a.name.localeCompare(b.name) : d;
  });
}

/** Counts for the metrics cards, live from the state (the API's /api/metrics adds the activity counters). */
export function countStores(state: DashboardState) {
  const all = Object.values(state.stores);
  return {
    total: all.length,
    ready: all.filter((s) => s.status === 'Ready').length,
    failed: all.filter((s) => s.status === 'Failed').length,
    provisioning: all.filter((s) => s.status === 'Queued' || s.status === 'Provisioning' || s.status === 'Installing').length,
  };
}
