// What a person should read for a failed call: the server's message, plus when to try again after a 429 and
// what to do about the errors that have a known remedy.
import { ApiError } from '../api/client';

/** "5 seconds", "1 minute", "3 minutes": a Retry-After in words. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const m = Math.ceil(s / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** The sentence to show for a failed request. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.status === 429) {
    const base = err.code === 'rate_limited' || !err.message ? 'Too many requests.' : ensureStop(err.message);
    return err.retryAfterSeconds !== null ? `${base} Try again in ${formatWait(err.retryAfterSeconds)}.` : `${base} Try again shortly.`;
  }
  if (err.code === 'store_limit_reached') {
    return `${capitalize(ensureStop(err.message || 'Your store limit is reached.'))} If you need more stores, ask an admin to raise your limit.`;
  }
  return err.message;
}

/** A refused action's sentence plus the field details the API gave (e.g. why a version cannot be chosen). */
export function describeErrorWithDetails(err: unknown): string {
  const text = describeError(err);
  if (!(err instanceof ApiError) || err.details.length === 0) return text;
  const details = err.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
  return `${capitalize(ensureStop(text))} ${capitalize(ensureStop(details))}`;
}

/** The text to show when a login attempt fails. */
export function describeLoginError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'That token was not accepted. Check it and try again.';
    if (err.status === 429) {
      const wait = err.retryAfterSeconds !== null ? ` Try again in ${formatWait(err.retryAfterSeconds)}.` : ' Try again shortly.';
      return `Too many login attempts.${wait}`;
    }
  }
  return describeError(err);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ensureStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The text to show when a store's admin login could not be read. */
export function describeCredentialsError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 409) return 'This store has no admin login yet: it appears once the store is set up.';
    if (err.status === 503) {
      const wait = err.retryAfterSeconds !== null ? `in ${formatWait(err.retryAfterSeconds)}` : 'shortly';
      return `The provisioner cannot be reached, so the login cannot be read right now. Try again ${wait}.`;
    }
    if (err.status === 404) return 'There is no such store (or it is not yours).';
  }
  return describeError(err);
}
