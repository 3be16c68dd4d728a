import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { StoreCredentials } from '../api/types';
import { describeCredentialsError } from '../lib/errorText';
import { SecretValue } from './SecretValue';

/**
 * "Show admin login" for a Ready store: reads the login from the API only when asked, keeps it in this
 * panel's state alone, and drops it when the panel closes, the store stops being Ready or the page changes.
 * Never logged, never put in the app's store state.
 */
export function CredentialsPanel({ storeName, ready }: { storeName: string; ready: boolean }) {
  const [open, setOpen] = useState(false);
  const [credentials, setCredentials] = useState<StoreCredentials | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const id = useId();
  // Bumped on every open and close, so an answer arriving after the panel closed is dropped, not kept.
  const generation = useRef(0);

  const close = () => {
    generation.current++;
    setOpen(false);
    setCredentials(null);
    setError(null);
  };

  // Another store, or this one no longer Ready: forget what was shown.
  useEffect(() => close, [storeName]);
  useEffect(() => {
    if (!ready) close();
  }, [ready]);

  async function show() {
    const mine = ++generation.current;
    setOpen(true);
    setLoading(true);
    setError(null);
    setCredentials(null);
    try {
      const c = await api.getCredentials(storeName);
      if (mine === generation.current) setCredentials(c);
    } catch (e) {
      if (mine === generation.current) setError(describeCredentialsError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }

  const button = 'rounded-md px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60';
  if (!open) {
    if (!ready) return null;
    return (
      <button type="button" onClick={() => void show()} className={`${button} ring-1 ring-slate-500 text-slate-900 hover:bg-slate-100`}>
        Show admin login
      </button>
    );
  }
  return (
    <section aria-labelledby={`${id}-title`} className="w-full space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-300" data-testid="credentials">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="font-semibold">Admin login</h3>
        <button type="button" onClick={close} className="rounded-md px-3 py-1 text-sm font-medium ring-1 ring-slate-400 hover:bg-slate-100">
          Close<span className="sr-only"> admin login</span>
        </button>
      </div>
      {loading && <p role="status" className="text-sm text-slate-700">Reading the login…</p>}
      {error && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="credentials-error">
          <span>{error}</span>
          <button type="button" onClick={() => void show()} className="rounded-md px-3 py-1 font-semibold ring-1 ring-red-700">
            Try again
          </button>
        </div>
      )}
      {credentials && (
        <dl className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <dt className="w-24 text-sm text-slate-600">Admin URL</dt>
            <dd className="min-w-0 flex-1">
              <a href={credentials.adminUrl} target="_blank" rel="noopener noreferrer" className="break-all font-mono text-sm text-blue-800 underline" data-testid="credential-admin-url">
                {credentials.adminUrl}
              </a>
            </dd>
          </div>
          {credentials.engine === 'medusa' ? (
            <SecretValue label="Login (email)" value={credentials.login || credentials.email} testId="credential-username" />
          ) : (
            <SecretValue label="Username" value={credentials.username} testId="credential-username" />
          )}
          <SecretValue label="Password" value={credentials.password} secret testId="credential-password" />
          {credentials.email && credentials.engine !== 'medusa' && (
            <SecretValue label="Email" value={credentials.email} testId="credential-email" />
          )}
          {credentials.storeApiUrl && <SecretValue label="Store API" value={credentials.storeApiUrl} testId="credential-store-api" />}
          {credentials.publishableKey && (
            <SecretValue label="Publishable key" value={credentials.publishableKey} testId="credential-publishable-key" />
          )}
        </dl>
      )}
      {credentials?.note && (
        <p className="text-sm text-slate-700" data-testid="credential-note">
          {credentials.note}
        </p>
      )}
    </section>
  );
}
