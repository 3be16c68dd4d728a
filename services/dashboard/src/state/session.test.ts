import { describe, expect, it } from 'vitest';
import type { Session } from '../api/types';
import { LOGGED_OUT, SESSION_ENDED, initialSessionState, isAdmin, recheckDelayMs, sessionReducer, type SessionState } from './session';

const admin: Session = { actor: 'admin', name: 'admin', role: 'admin', expiresAt: '2026-11-26T20:00:00Z' };
const tenant: Session = { actor: 'tok_1', name: 'team-a', role: 'tenant', expiresAt: '2026-11-26T20:00:00Z' };

describe('sessionReducer', () => {
  it('starts checking, then signs in or shows the login without a notice', () => {
    expect(initialSessionState).toEqual({ phase: 'checking' });
    expect(sessionReducer(initialSessionState, { type: 'checked', session: admin })).toEqual({ phase: 'signedIn', session: admin });
    expect(sessionReducer(initialSessionState, { type: 'checked', session: null })).toEqual({ phase: 'signedOut', notice: null });
  });

  it('sends a signed-in dashboard back to login on a later 401, saying why', () => {
    const signedIn: SessionState = { phase: 'signedIn', session: tenant };
    expect(sessionReducer(signedIn, { type: 'unauthorized' })).toEqual({ phase: 'signedOut', notice: SESSION_ENDED });
  });

  it('ignores a 401 while checking or already signed out (the check or the form handles it)', () => {
    expect(sessionReducer(initialSessionState, { type: 'unauthorized' })).toBe(initialSessionState);
    const out: SessionState = { phase: 'signedOut', notice: null };
    expect(sessionReducer(out, { type: 'unauthorized' })).toBe(out);
  });

  it('logs in, logs out, and reports an unreachable API', () => {
    const out: SessionState = { phase: 'signedOut', notice: SESSION_ENDED };
    const inState = sessionReducer(out, { type: 'loggedIn', session: tenant });
    expect(inState).toEqual({ phase: 'signedIn', session: tenant });
    expect(sessionReducer(inState, { type: 'loggedOut' })).toEqual({ phase: 'signedOut', notice: LOGGED_OUT });
    expect(sessionReducer(initialSessionState, { type: 'checkFailed', message: 'down' })).toEqual({ phase: 'unavailable', message: 'down' });
    expect(sessionReducer({ phase: 'unavailable', message: 'down' }, { type: 'recheck' })).toEqual({ phase: 'checking' });
  });

  it('knows an admin from a tenant', () => {
    expect(isAdmin({ phase: 'signedIn', session: admin })).toBe(true);
    expect(isAdmin({ phase: 'signedIn', session: tenant })).toBe(false);
    expect(isAdmin({ phase: 'checking' })).toBe(false);
  });
});

describe('recheckDelayMs', () => {
  const now = Date.parse('2026-11-26T08:00:00Z');
  it('re-checks a second after the session expires', () => {
    expect(recheckDelayMs('2026-11-26T08:10:00Z', now)).toBe(601_000);
    expect(recheckDelayMs('2026-11-26T07:00:00Z', now)).toBe(1000);
  });
  it('never schedules past the timer ceiling, nor for a session without expiry', () => {
    expect(recheckDelayMs('2027-11-26T08:00:00Z', now)).toBe(2 ** 31 - 1);
    expect(recheckDelayMs(null, now)).toBeNull();
    expect(recheckDelayMs('soon', now)).toBeNull();
  });
});
