import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { AccessToken } from '../api/types';
import { describeError } from '../lib/errorText';
import { formatTime } from '../lib/format';
import { describeStoreLimit } from '../validation/tokenForm';
import { ConfirmDialog } from './ConfirmDialog';
import { NewTokenForm } from './NewTokenForm';

/** Times as ISO text; tolerates epoch milliseconds. */
const isoOf = (v: string | number | null) => (typeof v === 'number' ? new Date(v).toISOString() : String(v ?? ''));

/** Admin only: the issued tokens (never their secrets), a form for a new tenant token, and revoke. */
export function AccessTokens() {
  const [tokens, setTokens] = useState<AccessToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const id = useId();

  const load = useCallback(() => {
    api
      .listTokens()
      .then((t) => {
        setTokens(t);
        setError(null);
      })
      .catch((e) => setError(`Could not load the tokens: ${describeError(e)}`));
  }, []);
  useEffect(load, [load]);

  async function revoke(token: AccessToken) {
    setRevoking(null);
    try {
      await api.revokeToken(token.id);
      load();
    } catch (e) {
      setError(`Could not revoke ${token.name}: ${describeError(e)}`);
    }
  }

  const cell = 'px-3 py-2';
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4" data-testid="access-tokens">
      <h2 id={`${id}-title`} className="text-lg font-semibold">Access tokens</h2>
      <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <NewTokenForm onCreated={(t) => setTokens((list) => [t, ...(list ?? []).filter((x) => x.id !== t.id)])} />
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{error}</p>}
      {tokens === null ? (
        !error && <p className="text-slate-700">Loading…</p>
      ) : tokens.length === 0 ? (
        <p className="text-slate-700">No tokens issued yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-left text-sm" data-testid="tokens-table">
            <caption className="sr-only">Issued access tokens</caption>
            <thead className="bg-slate-100 text-slate-800">
              <tr>
                <th scope="col" className={cell}>Name</th>
                <th scope="col" className={cell}>Id</th>
                <th scope="col" className={cell}>Role</th>
                <th scope="col" className={cell}>Store limit</th>
                <th scope="col" className={cell}>Created</th>
                <th scope="col" className={cell}>State</th>
                <th scope="col" className={cell}><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {tokens.map((t) => (
                <tr key={t.id} data-testid="token-row" data-token={t.id} data-revoked={t.revokedAt ? 'true' : 'false'}>
                  <td className={`${cell} font-medium`}>{t.name}</td>
                  <td className={`${cell} font-mono`}>{t.id}</td>
                  <td className={cell}>{t.role}</td>
                  <td className={cell}>{describeStoreLimit(t.storeLimit)}</td>
                  <td className={`${cell} whitespace-nowrap`}>{formatTime(isoOf(t.createdAt))}</td>
                  <td className={cell}>{t.revokedAt ? `Revoked ${formatTime(isoOf(t.revokedAt))}` : 'Active'}</td>
                  <td className={cell}>
                    {!t.revokedAt && (
                      <button type="button" onClick={() => setRevoking(t)} className="rounded-md px-3 py-1 font-medium text-red-800 ring-1 ring-red-700 hover:bg-red-50">
                        Revoke<span className="sr-only"> {t.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        message="Requests with this token are refused from now on and its sessions end. It cannot be undone."
        confirmLabel="Revoke token"
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && void revoke(revoking)}
      />
    </section>
  );
}
