// The store list and audit log queries of the mocked API, as the real one answers them (services/api
// store_list_request.cpp, common/src/db/store_listing.cpp): status (several, any case) / engine / owner / q
// filters, sort by created|name|status|engine|updated in either order, keyset cursors bound to their sort, the
// total on every page, 400 with the valid values for a bad parameter; the audit log's q/actor/action/since/until
// filters and its cursor.

export const STATUSES = ['Queued', 'Provisioning', 'Installing', 'Upgrading', 'Ready', 'Suspended', 'Degraded', 'Failed', 'Deleting', 'Deleted'];
const SORTS = ['created', 'name', 'status', 'engine', 'updated'];
const RANK = { Failed: 0, Degraded: 1, Queued: 2, Provisioning: 3, Installing: 4, Upgrading: 5, Deleting: 6, Suspended: 7, Ready: 8, Deleted: 9 };

const b64 = (s) => Buffer.from(s).toString('base64url');
const unb64 = (s) => Buffer.from(s, 'base64url').toString();

class BadParam extends Error {
  constructor(field, message) {
    super(`invalid query parameter ${field}`);
    this.details = [{ field, message }];
  }
}

function sortKey(row, sort) {
  switch (sort) {
    case 'name': return row.store_name;
    case 'engine': return row.engine;
    case 'status': return RANK[row.status];
    case 'updated': return Date.parse(row.updated_at);
    default: return 0;
  }
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of `rows` (store rows with owner, owner_name, warnings) for the URL's query; throws BadParam (→ 400).
 * `ownerNames`: token id → name, for `owner=<name>`.
 */
export function listStores(rows, params) {
  const get = (k) => params.get(k) || null;
  let statuses = null;
  if (get('status')) {
    statuses = get('status').split(',').map((p) => {
      const s = STATUSES.find((x) => x.toLowerCase() === p.toLowerCase());
      if (!s) throw new BadParam('status', `'${p}' is not a status; use one or more of: ${STATUSES.join(', ')}`);
      return s;
    });
  }
  const engine = get('engine')?.toLowerCase() ?? null;
  if (engine && engine !== 'woocommerce' && engine !== 'medusa') throw new BadParam('engine', `'${get('engine')}' is not an engine; use woocommerce or medusa`);
  const sort = get('sort') ?? 'created';
  if (!SORTS.includes(sort)) throw new BadParam('sort', `'${sort}' is not a sort key; use one of: ${SORTS.join(', ')}`);
  const order = get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new BadParam('order', `'${order}' is not an order; use asc or desc`);
  const limit = Number(get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadParam('limit', 'must be an integer from 1 to 1000');
  const q = get('q')?.toLowerCase() ?? '';
  const owner = get('owner');

  const matching = rows.filter(
    (r) =>
      (statuses ? statuses.includes(r.status) : r.status !== 'Deleted') &&
      (!engine || r.engine === engine) &&
      (!owner || r.owner === owner || r.owner_name === owner) &&
      (!q || r.store_name.includes(q)),
  );
  const dir = order === 'desc' ? -1 : 1;
  const compare = (a, b) => dir * (cmp(sortKey(a, sort), sortKey(b, sort)) || a.id - b.id);
  matching.sort(compare);

  let start = 0;
  if (get('cursor')) {
    const raw = unb64(get('cursor'));
    const m = /^p:(\w+):([ad]):(\d+):(.*)$/s.exec(raw);
    if (!m) throw new BadParam('cursor', 'is not a cursor this list returned');
    if (m[1] !== sort || m[2] !== order[0]) throw new BadParam('cursor', 'belongs to another sort or order: keep sort and order while paging');
    const after = { id: Number(m[3]), key: sort === 'name' || sort === 'engine' ? m[4] : Number(m[4]) };
    // keyset: the first row after the cursor's (key, id), whatever was inserted meanwhile
    start = matching.findIndex((r) => dir * (cmp(sortKey(r, sort), after.key) || r.id - after.id) > 0);
    if (start === -1) start = matching.length;
  }
  const page = matching.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < matching.length;
  return {
    stores: page,
    next_cursor: more ? b64(`p:${sort}:${order[0]}:${last.id}:${sort === 'created' ? '' : sortKey(last, sort)}`) : null,
    total: matching.length,
  };
}

/** The audit log (newest first) for the URL's query, with the id cursor of the next page. */
export function listAudit(entries, params) {
  const get = (k) => params.get(k) || null;
  const limit = Math.min(500, Math.max(1, Number(get('limit') ?? 50)));
  const q = get('q')?.toLowerCase();
  const actor = get('actor');
  const action = get('action');
  const store = get('store');
  const before = get('cursor') ? Number(unb64(get('cursor'))) : Infinity;
  const rows = entries.filter(
    (l) =>
      l.id < before &&
      (!store || l.store_name === store) &&
      (!actor || l.actor === actor || l.actor_name === actor) &&
      (!action || l.action === action) &&
      (!q || [l.store_name, l.details, l.action, l.actor_name].some((v) => v && String(v).toLowerCase().includes(q))),
  );
  const page = rows.slice(0, limit);
  return { logs: page, next_cursor: rows.length > limit ? b64(String(page[page.length - 1].id)) : null };
}

export { BadParam };
