import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { describeLoginError } from '../lib/errorText';

interface Props {
  /** Resolves once the API set the session cookie; rejects with the API's error. */
  onLogin: (token: string) => Promise<void>;
  /** Why the login screen is shown (session ended, logged out), if there is a reason to say. */
  notice: string | null;
}

/**
 * One password-type field for an access token. The token lives only in this field while typing: it is posted
 * once to /api/session (which answers with an HttpOnly cookie) and the field is cleared whatever the outcome.
 */
export function LoginScreen({ onLogin, notice }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [, setTick] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => input.current?.focus(), []);

  // After a 429 the button stays disabled for the Retry-After; re-render once it has passed.
  const waiting = waitUntil > Date.now();
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(() => setTick((n) => n + 1), waitUntil - Date.now() + 50);
    return () => clearTimeout(t);
  }, [waiting, waitUntil]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError('Enter your access token.');
      input.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onLogin(value);
    } catch (err) {
      setToken('');
      setError(describeLoginError(err));
      if (err instanceof ApiError && err.status === 429 && err.retryAfterSeconds !== null) {
        setWaitUntil(Date.now() + err.retryAfterSeconds * 1000);
      }
      setSubmitting(false);
      setTimeout(() => input.current?.focus(), 0);
    }
  }

  return (
    <div className="flex min-h-screen items-start justify-center px-4 py-16">
      <main className="w-full max-w-md space-y-6 rounded-lg bg-white p-6 ring-1 ring-slate-200" data-testid="login-screen">
        <h1 className="text-2xl font-bold tracking-tight">Storefleet</h1>
        {notice && (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-300" data-testid="login-notice">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Log in
          </h2>
          <div>
            <label htmlFor={`${id}-token`} className="block text-sm font-medium text-slate-800">
              Access token
            </label>
            <input
              ref={input}
              id={`${id}-token`}
              name="token"
              type="password"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              value={token}
              disabled={submitting}
              onChange={(e) => setToken(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
              className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 font-mono text-base text-slate-900 shadow-sm disabled:bg-slate-100 ${error ? 'border-red-700' : 'border-slate-400'}`}
            />
            <p id={`${id}-help`} className="mt-1 text-xs text-slate-600">
              The token an administrator gave you. It is sent once to start a session and not kept in this page.
            </p>
          </div>
          {error && (
            <p id={`${id}-error`} role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="login-error">
              {error}
            </p>
          )}
          <button
            type="submit"
            disabled={submitting || waiting}
            className="w-full rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-500"
          >
            {submitting ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </main>
    </div>
  );
}
