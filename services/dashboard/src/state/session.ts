// Who is using the dashboard: checked once at load (GET /api/session), set by a login, cleared by a logout or
// by any 401 the app receives later (expired, revoked, logged out in another tab). Pure, so it is unit-tested.
import type { Session } from '../api/types';

export type SessionState =
  | { phase: 'checking' }
  | { phase: 'signedOut'; notice: string | null }
  | { phase: 'signedIn'; session: Session }
  /** The check itself failed (API unreachable, 5xx): neither the app nor a login can work yet. */
  | { phase: 'unavailable'; message: string };

export type SessionAction =
  | { type: 'checked'; session: Session | null }
  | { type: 'checkFailed'; message: string }
  | { type: 'loggedIn'; session: Session }
  | { type: 'loggedOut' }
  /** Any later 401: only a signed-in dashboard goes back to the login screen (with a reason). */
  | { type: 'unauthorized' }
  | { type: 'recheck' };

export const SESSION_ENDED = 'Your session has ended (it expired, was revoked, or you logged out elsewhere). Log in again.';
export const LOGGED_OUT = 'You are logged out.';

export const initialSessionState: SessionState = { phase: 'checking' };

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'checked':
      return action.session ? { phase: 'signedIn', session: action.session } : { phase: 'signedOut', notice: null };
    case 'checkFailed':
      return { phase: 'unavailable', message: action.message };
    case 'loggedIn':
      return { phase: 'signedIn', session: action.session };
    case 'loggedOut':
      return { phase: 'signedOut', notice: LOGGED_OUT };
    case 'unauthorized':
      return state.phase === 'signedIn' ? { phase: 'signedOut', notice: SESSION_ENDED } : state;
    case 'recheck':
      return { phase: 'checking' };
  }
}

export const isAdmin = (s: SessionState) => s.phase === 'signedIn' && s.session.role === 'admin';

/** setTimeout's ceiling (about 24.8 days); a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When to re-check a session that expires at `expiresAt` (a second after it); null when it has no expiry. */
export function recheckDelayMs(expiresAt: string | null | undefined, nowMs: number): number | null {
  if (!expiresAt) return null;
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_TIMER_MS, Math.max(0, at - nowMs) + 1000);
}
