// Hash routes (#/, #/stores/NAME, #/audit, #/tokens): they work from any static server and need no server routes.
import { useEffect, useState } from 'react';

export type Route = { page: 'stores' } | { page: 'store'; name: string } | { page: 'audit' } | { page: 'tokens' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const store = /^\/stores\/([^/]+)$/.exec(path);
  if (store) return { page: 'store', name: decodeURIComponent(store[1]) };
  if (path === '/audit') return { page: 'audit' };
  if (path === '/tokens') return { page: 'tokens' };
  return { page: 'stores' };
}

export const storeHref = (name: string) => `#/stores/${encodeURIComponent(name)}`;

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** A clock for relative ages; re-renders only, it never calls the API. */
export function useNow(intervalMs = 15000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
