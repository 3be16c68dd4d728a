// The store list's filters and sort as one value: read from and written to the URL (`#/?status=Failed&q=shop`),
// turned into `GET /api/stores` parameters, and used to place a store that appears live among the loaded rows
// the way the server would have ordered it.
import {
  ENGINES,
  STORE_SORTS,
  STORE_STATUSES,
  type Engine,
  type SortOrder,
  type StoreListParams,
  type StoreSort,
  type StoreStatus,
} from '../api/types';

export interface ListQuery {
  /** Empty: every status but Deleted (the API's default). */
  status: StoreStatus[];
  engine: Engine | '';
  /** A token id or a token's name (admins). */
  owner: string;
  /** Substring of the store name. */
  q: string;
  sort: StoreSort;
  order: SortOrder;
}

export const DEFAULT_QUERY: ListQuery = { status: [], engine: '', owner: '', q: '', sort: 'created', order: 'desc' };

/** The order a column starts with when its header is clicked: newest first for times, A→Z / worst first otherwise. */
export const FIRST_ORDER: Record<StoreSort, SortOrder> = {
  created: 'desc',
  updated: 'desc',
  name: 'asc',
  status: 'asc',
  engine: 'asc',
};

/** The API's severity order for `sort=status` (Failed first, Deleted last). */
export const STATUS_RANK: Record<StoreStatus, number> = {
  Failed: 0,
  Degraded: 1,
  Queued: 2,
  Provisioning: 3,
  Installing: 4,
  Upgrading: 5,
  Deleting: 6,
  Suspended: 7,
  Ready: 8,
  Deleted: 9,
};

/** "In progress": a first install on its way, or a change to an installed store rolling out. */
export const IN_PROGRESS: StoreStatus[] = ['Queued', 'Provisioning', 'Installing', 'Upgrading'];

const isEngine = (v: string): v is Engine => (ENGINES as readonly string[]).includes(v);
const isSort = (v: string): v is StoreSort => (STORE_SORTS as readonly string[]).includes(v);

/** Statuses in the documented order, each once; names in any case are accepted, junk is dropped. */
function parseStatuses(text: string): StoreStatus[] {
  const wanted = new Set(
    text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  return STORE_STATUSES.filter((s) => wanted.has(s.toLowerCase()));
}

/** Reads the query from a URL query string (`status=failed,degraded&sort=name`); anything unknown falls back. */
export function parseListQuery(search: string): ListQuery {
  const p = new URLSearchParams(search);
  const engine = (p.get('engine') ?? '').toLowerCase();
  const sort = p.get('sort') ?? '';
  const order = p.get('order');
  const q: ListQuery = {
    status: parseStatuses(p.get('status') ?? ''),
    engine: isEngine(engine) ? engine : '',
    owner: (p.get('owner') ?? '').trim().slice(0, 128),
    q: (p.get('q') ?? '').trim().toLowerCase().slice(0, 63),
    sort: isSort(sort) ? sort : DEFAULT_QUERY.sort,
    order: 'desc',
  };
  q.order = order === 'asc' || order === 'desc' ? order : FIRST_ORDER[q.sort];
  return q;
}

/** The URL query string for a query, defaults left out (so `#/` is the plain list). */
export function serializeListQuery(q: ListQuery): string {
  const p = new URLSearchParams();
  if (q.status.length) p.set('status', q.status.join(','));
  if (q.engine) p.set('engine', q.engine);
  if (q.owner) p.set('owner', q.owner);
  if (q.q) p.set('q', q.q);
  if (q.sort !== DEFAULT_QUERY.sort || q.order !== DEFAULT_QUERY.order) {
    p.set('sort', q.sort);
    p.set('order', q.order);
  }
  return p.toString();
}

/** The list's link with its filters: `#/` or `#/?status=Failed`. */
export const listHref = (q: ListQuery) => {
  const s = serializeListQuery(q);
  return s ? `#/?${s}` : '#/';
};

/** One key per distinct query: pages of another query are not mixed into this one. */
export const queryKey = (q: ListQuery) => serializeListQuery(q) || 'default';

export function toApiParams(q: ListQuery): StoreListParams {
  return {
    status: q.status.length ? q.status.join(',') : undefined,
    engine: q.engine || undefined,
    owner: q.owner || undefined,
    q: q.q || undefined,
    sort: q.sort,
    order: q.order,
  };
}

/** A column header click: the same column flips its order, another one starts with its natural order. */
export function toggleSort(q: ListQuery, sort: StoreSort): ListQuery {
  if (q.sort === sort) return { ...q, order: q.order === 'asc' ? 'desc' : 'asc' };
  return { ...q, sort, order: FIRST_ORDER[sort] };
}

export const sameStatuses = (a: StoreStatus[], b: StoreStatus[]) =>
  a.length === b.length && a.every((s) => b.includes(s));

/** What a row must expose to be matched and ordered like the server does. */
export interface ListedRow {
  id: number;
  name: string;
  engine: string;
  status: StoreStatus;
  owner: string | null;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Whether the row matches the filters: true/false, or null when it cannot tell yet (a store first seen through
 * an event has no engine or owner until its row is fetched).
 */
export function matchesQuery(row: ListedRow, q: ListQuery): boolean | null {
  if (q.status.length ? !q.status.includes(row.status) : row.status === 'Deleted') return false;
  if (q.q && !row.name.includes(q.q)) return false;
  if (q.engine) {
    if (!row.engine) return null;
    if (row.engine !== q.engine) return false;
  }
  if (q.owner) {
    if (row.owner === null) return null;
    if (row.owner !== q.owner && row.ownerName !== q.owner) return false;
  }
  return true;
}

/** A store not yet fetched has no id: it is the newest. */
const idOf = (r: ListedRow) => (r.id > 0 ? r.id : Number.MAX_SAFE_INTEGER);
const plainCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The server's order for the query (the sort key, then the id), as a comparator. */
export function compareRows(a: ListedRow, b: ListedRow, q: ListQuery): number {
  let d = 0;
  switch (q.sort) {
    case 'name':
      d = plainCompare(a.name, b.name);
      break;
    case 'engine':
      d = plainCompare(a.engine, b.engine);
      break;
    case 'status':
      d = STATUS_RANK[a.status] - STATUS_RANK[b.status];
      break;
    case 'updated':
      d = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
      if (Number.isNaN(d)) d = 0;
      break;
    case 'created':
      break;
  }
  if (d === 0) d = idOf(a) - idOf(b);
  return q.order === 'desc' ? -d : d;
}
