// The store list as loaded from the server: the names of the rows in the server's order for one query, the
// cursor of the next page and the total. Live updates keep rows in place: a row whose status changes stays where
// it is (showing its new status) until the list is loaded again; a store created meanwhile is put where the
// server would have put it (when it matches the filters and falls among the loaded rows); a deleted one leaves.
import { DEFAULT_QUERY, compareRows, matchesQuery, queryKey, type ListQuery } from './listQuery';
import type { StoreView } from './storeView';

export interface ListSlice {
  query: ListQuery;
  /** queryKey(query): pages of another query are not mixed in. */
  key: string;
  names: string[];
  nextCursor: string | null;
  /** Rows matching the filters on the server (the API's `total`), kept current for creates and deletes. */
  total: number;
  /** The first page of this query arrived. */
  loaded: boolean;
}

export const emptyList: ListSlice = {
  query: DEFAULT_QUERY,
  key: queryKey(DEFAULT_QUERY),
  names: [],
  nextCursor: null,
  total: 0,
  loaded: false,
};

export interface PageInfo {
  query: ListQuery;
  nextCursor: string | null;
  total: number | undefined;
}

/** A first page: the rows of a (new) query replace the old ones. */
export function firstPage(names: string[], page: PageInfo): ListSlice {
  return {
    query: page.query,
    key: queryKey(page.query),
    names,
    nextCursor: page.nextCursor,
    total: page.total ?? names.length,
    loaded: true,
  };
}

/** A further page of the same query, appended (a row already shown, e.g. created live, is not repeated). */
export function nextPage(list: ListSlice, names: string[], page: PageInfo): ListSlice {
  if (queryKey(page.query) !== list.key) return list;
  const have = new Set(list.names);
  return {
    ...list,
    names: [...list.names, ...names.filter((n) => !have.has(n))],
    nextCursor: page.nextCursor,
    total: page.total ?? list.total,
  };
}

/** A store that appeared (created here or elsewhere): placed among the rows as the server orders them. */
export function insertIntoList(list: ListSlice, view: StoreView, stores: Record<string, StoreView>): ListSlice {
  if (!list.loaded || list.names.includes(view.name) || matchesQuery(view, list.query) !== true) return list;
  const at = list.names.findIndex((n) => stores[n] !== undefined && compareRows(view, stores[n], list.query) < 0);
  if (at === -1) {
    // after every loaded row: it comes with a later page, if there is one
    if (list.nextCursor !== null) return { ...list, total: list.total + 1 };
    return { ...list, names: [...list.names, view.name], total: list.total + 1 };
  }
  return { ...list, names: [...list.names.slice(0, at), view.name, ...list.names.slice(at)], total: list.total + 1 };
}

/** A store that is gone (Deleted, or 404 when asked). */
export function removeFromList(list: ListSlice, name: string): ListSlice {
  if (!list.names.includes(name)) return list;
  return { ...list, names: list.names.filter((n) => n !== name), total: Math.max(0, list.total - 1) };
}
