// The store list's filters live in the URL (`#/?status=Failed&sort=name&order=asc`): shareable, restored by a
// reload, and remembered while another page (a store's detail, the audit log) is open.
import { useCallback, useMemo, useRef } from 'react';
import { replaceHash, type Route } from '../lib/useHashRoute';
import { listHref, parseListQuery, type ListQuery } from './listQuery';

export function useListQuery(route: Route) {
  const lastSearch = useRef(route.page === 'stores' ? route.search : '');
  if (route.page === 'stores') lastSearch.current = route.search;
  const search = lastSearch.current;
  const query = useMemo(() => parseListQuery(search), [search]);

  /** `replace`: no history entry (each keystroke of a search); otherwise Back returns to the previous filters. */
  const setQuery = useCallback((next: ListQuery, { replace = false } = {}) => {
    const hash = listHref(next);
    if (replace) replaceHash(hash);
    else window.location.hash = hash;
  }, []);

  return { query, setQuery, href: listHref(query) };
}
