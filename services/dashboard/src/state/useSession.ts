// Wires the session reducer to the API: the load-time check, login, logout, and the 401 listener that sends
// a signed-in dashboard back to the login screen whichever call (or the event stream) noticed it.
import { useCallback, useEffect, useReducer } from 'react';
import { ApiError, api } from '../api/client';
import { describeError } from '../lib/errorText';
import { initialSessionState, recheckDelayMs, sessionReducer } from './session';

export function useSession() {
  const [state, dispatch] = useReducer(sessionReducer, initialSessionState);

  const check = useCallback(async () => {
    try {
      dispatch({ type: 'checked', session: await api.getSession() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) dispatch({ type: 'checked', session: null });
      else dispatch({ type: 'checkFailed', message: describeError(e) });
    }
  }, []);

  useEffect(() => api.onUnauthorized(() => dispatch({ type: 'unauthorized' })), []);
  useEffect(() => {
    void check();
  }, [check]);

  // A signed-in page asks again when its session is due to expire and whenever it becomes visible (a logout
  // in another tab, a revoked token): the 401 of that GET reaches the listener above. An open event stream
  // alone would not notice.
  const expiresAt = state.phase === 'signedIn' ? state.session.expiresAt : null;
  const signedIn = state.phase === 'signedIn';
  useEffect(() => {
    if (!signedIn) return;
    const recheck = () => void api.getSession().catch(() => undefined);
    const onVisible = () => document.visibilityState === 'visible' && recheck();
    document.addEventListener('visibilitychange', onVisible);
    const delay = recheckDelayMs(expiresAt, Date.now());
    const timer = delay === null ? null : setTimeout(recheck, delay);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      if (timer !== null) clearTimeout(timer);
    };
  }, [signedIn, expiresAt]);

  /** Throws the ApiError of a refused login, for the form to show. */
  const login = useCallback(async (token: string) => {
    dispatch({ type: 'loggedIn', session: await api.login(token) });
  }, []);

  const logout = useCallback(async () => {
    // The cookie is HttpOnly: only the API can end it. Show the login screen even if that call fails.
    await api.logout().catch(() => undefined);
    dispatch({ type: 'loggedOut' });
  }, []);

  const retry = useCallback(() => {
    dispatch({ type: 'recheck' });
    void check();
  }, [check]);

  return { state, login, logout, retry };
}
