// Hash routes (#/, #/?status=Failed, #/stores/NAME, #/audit, #/tokens, #/rollouts, #/rollouts/ID): they work
// from any static server and need no server routes. The list's filters ride in the hash's query part, so a link
// or a reload restores them.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'stores'; search: string }
  | { page: 'store'; name: string }
  | { page: 'audit'; search: string }
  | { page: 'tokens' }
  | { page: 'rollouts' }
  | { page: 'rollout'; id: number }
  | { page: 'notFound'; path: string };

/** `pathname`: the API serves the app for any path; only "/" (and /index.html) is the app's own. */
export function parseRoute(hash: string, pathname = '/'): Route {
  if (pathname !== '/' && pathname !== '/index.html') return { page: 'notFound', path: pathname };
  const full = hash.replace(/^#/, '');
  const q = full.indexOf('?');
  const path = q === -1 ? full : full.slice(0, q);
  const search = q === -1 ? '' : full.slice(q + 1);
  const store = /^\/stores\/([^/]+)$/.exec(path);
  if (store) {
    try {
      return { page: 'store', name: decodeURIComponent(store[1]) };
    } catch {
      return { page: 'notFound', path: full };
    }
  }
  if (path === '' || path === '/') return { page: 'stores', search };
  if (path === '/audit') return { page: 'audit', search };
  if (path === '/tokens') return { page: 'tokens' };
  if (path === '/rollouts') return { page: 'rollouts' };
  const rollout = /^\/rollouts\/([1-9]\d{0,15})$/.exec(path);
  if (rollout) return { page: 'rollout', id: Number(rollout[1]) };
  return { page: 'notFound', path: full };
}

export const storeHref = (name: string) => `#/stores/${encodeURIComponent(name)}`;
export const rolloutHref = (id: number) => `#/rollouts/${id}`;

const currentRoute = () => parseRoute(window.location.hash, window.location.pathname);

/** Replaces the hash without a history entry or a hashchange (typing in a search box), and tells useHashRoute. */
export function replaceHash(hash: string) {
  if (window.location.hash === hash || (hash === '#/' && window.location.hash === '')) return;
  window.history.replaceState(window.history.state, '', hash);
  window.dispatchEvent(new Event('storefleet:route'));
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    window.addEventListener('storefleet:route', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
      window.removeEventListener('storefleet:route', onChange);
    };
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
