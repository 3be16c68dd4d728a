// The dashboard's state: one pure reducer fed by the initial GET /api/stores and then by SSE events.
// No polling; everything the list, the detail and the progress bars show comes from here.
import {
  isStoreStatus,
  type ApiStore,
  type CreateStoreResponse,
  type ObservedEventData,
  type StepEventData,
  type StoreEvent,
  type StoreStatus,
  type StoreStatusResponse,
} from '../api/types';
import { queryKey, type ListQuery } from './listQuery';
import { applyStep, emptyProgress, isProvisionStep, markFailed, progressFromStatus, withObservedPods, type StepProgress } from './progress';
import { emptyList, firstPage, insertIntoList, nextPage, removeFromList, type ListSlice } from './storeList';
import { applyObserved, placeholder, time, viewFromApi, type StoreView } from './storeView';
import { cleanWarnings } from './warnings';

export type { StoreView } from './storeView';

export interface DashboardState {
  /** Every store known: the loaded pages' rows, stores seen through events, the one a detail page opened. */
  stores: Record<string, StoreView>;
  /** What the store list shows: names in the server's order for the current filters, paging, total. */
  list: ListSlice;
  /** Events per store name in id order (kept after a store is deleted, for its detail page). */
  timelines: Record<string, StoreEvent[]>;
  /** Highest live event id applied; a replayed duplicate is ignored. */
  lastEventId: number;
  snapshotLoaded: boolean;
  /** Counts the first pages loaded (a resync reloads): a detail page re-reads its store then. */
  snapshots: number;
  /** Namespaces labelled as stores that have no store row (never deleted silently: shown to the operator). */
  orphans: string[];
  /** Last status change in words, for the screen-reader live region. */
  announcement: string;
}

/** Paging data of a loaded page; without it (tests, old callers) a page is the whole default list. */
interface PageFields {
  query?: ListQuery;
  nextCursor?: string | null;
  total?: number;
}

export type DashboardAction =
  /** The first page of the list for a query (at load, when the filters change, after a resync). */
  | ({ type: 'snapshot'; stores: ApiStore[] } & PageFields)
  /** A further page of the same query ("Load more"). */
  | ({ type: 'page'; stores: ApiStore[] } & PageFields)
  /** `buffered`: received before the snapshot was applied, so it may be older than the snapshot. */
  | { type: 'event'; event: StoreEvent; buffered?: boolean }
  | { type: 'history'; store: string; events: StoreEvent[] }
  | { type: 'storeLoaded'; store: ApiStore }
  /** The store does not exist (404): dropped from the state and the list. */
  | { type: 'storeGone'; store: string }
  | { type: 'statusLoaded'; store: string; status: StoreStatusResponse }
  | { type: 'created'; response: CreateStoreResponse; engine: string; at: string };

export const TIMELINE_LIMIT = 300;
/** A store whose row says it was made this close to its first Queued event is a new one. */
const FRESH_MS = 10_000;

export const initialState: DashboardState = {
  stores: {},
  list: emptyList,
  timelines: {},
  lastEventId: 0,
  snapshotLoaded: false,
  snapshots: 0,
  orphans: [],
  announcement: '',
};

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
    // A store created elsewhere (another operator, a REST client) or retried outside the loaded pages: known at
    // once, its row follows. Other changes of stores outside the loaded pages are not kept (the tiles count them).
    if (status !== 'Queued') return stores;
    return { ...stores, [ev.store]: { ...placeholder(ev.store, status, ev.at), reason: ev.reason ?? '' } };
  }
  // An event received before the snapshot that the snapshot already covers must not turn the clock back.
  if (buffered && time(ev.at) < time(current.updatedAt)) return stores;
  if (status === 'Deleted') return withoutKey(stores, ev.store);

  let progress = current.progress;
  if (status === 'Queued' || (current.status === 'Failed' && status !== 'Failed')) progress = emptyProgress();
  // A change rolling out reruns every step (namespace … setup): they show afresh, as on a retry.
  if (status === 'Upgrading' && current.status !== 'Upgrading') progress = emptyProgress();
  if (status === 'Ready' || status === 'Degraded' || status === 'Suspended') progress = progressFromStatus(status);
  if (status === 'Failed') progress = markFailed(progress, ev.reason ?? '');
  const next: StoreView = {
    ...current,
    status,
    reason: ev.reason ?? '',
    updatedAt: ev.at,
    readyAt: status === 'Ready' && !current.readyAt ? ev.at : current.readyAt, // since first Ready, as the API
    progress,
    warnings: status === 'Deleting' ? [] : current.warnings,
    // settled states say it; in between the row's (or the PATCH answer's) flag stands
    suspended: status === 'Suspended' ? true : status === 'Ready' ? false : current.suspended,
  };
  return { ...stores, [ev.store]: next };
}

function applyEvent(state: DashboardState, ev: StoreEvent, buffered: boolean): DashboardState {
  if (ev.id <= state.lastEventId) return state; // a replay we already applied
  const timelines = ev.store ? { ...state.timelines, [ev.store]: mergeTimeline(state.timelines[ev.store], [ev]) } : state.timelines;
  let { stores, orphans, announcement, list } = state;
  const view = stores[ev.store];

  switch (ev.type) {
    case 'store.status':
      if (isStoreStatus(ev.status)) {
        const before = stores;
        stores = applyStatus(stores, ev, ev.status, buffered);
        if (stores !== before) announcement = `Store ${ev.store} is ${ev.status}.`;
        if (ev.status === 'Deleted' && view && !stores[ev.store]) list = removeFromList(list, ev.store);
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
  return { ...state, stores, list, timelines, orphans, announcement, lastEventId: ev.id };
}

/**
 * Progress and pods rebuilt from a store's whole timeline (the latest attempt starts at its last Queued, or where
 * its last change began Upgrading).
 */
export function deriveFromTimeline(events: StoreEvent[]): { progress: StepProgress; sawSteps: boolean; observed: ObservedEventData | null } {
  let progress = emptyProgress();
  let sawSteps = false;
  let observed: ObservedEventData | null = null;
  let lastStatus = '';
  for (const ev of events) {
    const before = lastStatus;
    if (ev.type === 'store.status') lastStatus = ev.status;
    if (ev.type === 'store.status' && (ev.status === 'Queued' || (ev.status === 'Upgrading' && before !== 'Upgrading'))) {
      progress = emptyProgress();
      sawSteps = false;
    } else if (ev.type === 'store.status' && ev.status === 'Failed' && sawSteps) {
      progress = markFailed(progress, ev.reason);
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

/** The rows of a page as views (a Deleted row is left out), keeping what newer events already said. */
function pageViews(state: DashboardState, rows: ApiStore[]): { stores: Record<string, StoreView>; names: string[] } {
  const stores = { ...state.stores };
  const names: string[] = [];
  for (const s of rows) {
    if (s.status === 'Deleted') continue;
    const previous = state.stores[s.store_name];
    // A list fetched while events kept coming (a resync) may be older than what events already said.
    const newerLive = previous && previous.createdAt === s.created_at && time(previous.updatedAt) > time(s.updated_at);
    stores[s.store_name] = newerLive
      ? { ...previous, id: s.id ?? previous.id, owner: s.owner ?? previous.owner, ownerName: s.owner_name ?? previous.ownerName, version: s.version ?? previous.version }
      : viewFromApi(s, previous);
    names.push(s.store_name);
  }
  return { stores, names };
}

const pageInfo = (a: PageFields, fallback: ListSlice) => ({
  query: a.query ?? fallback.query,
  nextCursor: a.nextCursor ?? null,
  total: a.total,
});

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'snapshot': {
      const { stores, names } = pageViews(state, action.stores);
      const list = firstPage(names, pageInfo(action, state.list));
      return { ...state, stores, list, snapshotLoaded: true, snapshots: state.snapshots + 1 };
    }
    case 'page': {
      const info = pageInfo(action, state.list);
      if (!state.list.loaded || queryKey(info.query) !== state.list.key) return state; // another query's page
      const { stores, names } = pageViews(state, action.stores);
      return { ...state, stores, list: nextPage(state.list, names, info) };
    }
    case 'event':
      return applyEvent(state, action.event, action.buffered ?? false);
    case 'history': {
      const timeline = mergeTimeline(state.timelines[action.store], action.events);
      const timelines = { ...state.timelines, [action.store]: timeline };
      const view = state.stores[action.store];
      if (!view) return { ...state, timelines };
      const derived = deriveFromTimeline(timeline);
      // a store at rest after an install has every step done, whatever its history says
      const atRest = view.status === 'Ready' || view.status === 'Suspended';
      const withSteps: StoreView = !atRest && derived.sawSteps ? { ...view, progress: derived.progress } : view;
      const next = derived.observed ? applyObserved(withSteps, derived.observed) : withSteps;
      return { ...state, timelines, stores: { ...state.stores, [action.store]: next } };
    }
    case 'storeLoaded': {
      const s = action.store;
      const current = state.stores[s.store_name];
      if (s.status === 'Deleted') {
        return current ? { ...state, stores: withoutKey(state.stores, s.store_name), list: removeFromList(state.list, s.store_name) } : state;
      }
      // Keep live status if events already moved past what this (older) answer says.
      const view =
        current && time(current.updatedAt) > time(s.updated_at)
          ? { ...current, id: s.id ?? current.id, engine: s.engine, namespace: s.namespace, url: s.url, createdAt: s.created_at, owner: s.owner ?? current.owner, ownerName: s.owner_name ?? current.ownerName, version: s.version ?? current.version }
          : viewFromApi(s, current);
      const stores = { ...state.stores, [s.store_name]: view };
      // Only a store that is new since the list was loaded joins it: the row of a store first seen through its
      // Queued event, made at that moment (a retried old store, or one a detail page opened, is not new).
      const fresh = current !== undefined && current.id === 0 && Math.abs(time(s.created_at) - time(current.createdAt)) < FRESH_MS;
      return { ...state, stores, list: fresh ? insertIntoList(state.list, view, stores) : state.list };
    }
    case 'storeGone':
      return {
        ...state,
        stores: state.stores[action.store] ? withoutKey(state.stores, action.store) : state.stores,
        list: removeFromList(state.list, action.store),
      };
    case 'statusLoaded': {
      const view = state.stores[action.store];
      if (!view) return state;
      const setup =
        action.status.setupJob ?? action.status.jobs?.find((j) => /setup/.test(j.name)) ?? action.status.jobs?.[0] ?? null;
      const warnings = action.status.warnings !== undefined ? cleanWarnings(action.status.warnings) : undefined;
      const next = applyObserved(view, { pods: action.status.pods ?? [], setupJob: setup ?? view.setupJob }, warnings);
      return { ...state, stores: { ...state.stores, [action.store]: next } };
    }
    case 'created': {
      const r = action.response;
      if (state.stores[r.storeName]) {
        const v = state.stores[r.storeName];
        const filled = { ...v, engine: v.engine || action.engine, url: v.url || r.url, namespace: r.namespace };
        const stores = { ...state.stores, [r.storeName]: filled };
        return { ...state, stores, list: insertIntoList(state.list, filled, stores) };
      }
      const view: StoreView = {
        ...placeholder(r.storeName, isStoreStatus(r.status) ? r.status : 'Queued', action.at),
        engine: action.engine,
        namespace: r.namespace,
        url: r.url,
      };
      const stores = { ...state.stores, [r.storeName]: view };
      return { ...state, stores, list: insertIntoList(state.list, view, stores) };
    }
  }
}

/** The rows the list shows, in its order. */
export function listedStores(state: DashboardState): StoreView[] {
  const out: StoreView[] = [];
  for (const n of state.list.names) {
    const v = state.stores[n];
    if (v) out.push(v);
  }
  return out;
}
