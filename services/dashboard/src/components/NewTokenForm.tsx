import { useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import type { AccessToken, CreatedAccessToken } from '../api/types';
import { describeError } from '../lib/errorText';
import { parseTokenForm, type TokenFormErrors } from '../validation/tokenForm';
import { SecretValue } from './SecretValue';

/**
 * Creates a tenant token. The secret in the answer is shown here once (with copy) until "Done"; only the row
 * without it is handed to the list. Nothing else ever holds the secret.
 */
export function NewTokenForm({ onCreated }: { onCreated: (token: AccessToken) => void }) {
  const [name, setName] = useState('');
  const [storeLimit, setStoreLimit] = useState('3');
  const [errors, setErrors] = useState<TokenFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [issued, setIssued] = useState<CreatedAccessToken | null>(null);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { request, errors: problems } = parseTokenForm({ name, storeLimit });
    setErrors(problems);
    if (!request) return;
    setSubmitting(true);
    try {
      const created = await api.createToken(request);
      const { token: _secret, ...row } = created;
      onCreated(row);
      setIssued(created);
      setName('');
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        setErrors({ name: err.messageFor('name'), storeLimit: err.messageFor('storeLimit') });
      }
      setFormError(describeError(err));
    } finally {
      setSubmitting(false);
    }
  }

  const field = 'mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm disabled:bg-slate-100';
  if (issued) {
    return (
      <section aria-labelledby={`${id}-issued`} className="space-y-3 rounded-lg bg-green-50 p-4 ring-1 ring-green-300" data-testid="token-issued">
        <h3 id={`${id}-issued`} className="font-semibold text-green-950">Token “{issued.name}” created</h3>
        <p role="alert" className="text-sm font-medium text-green-950">
          Copy it now: it will not be shown again. Only a hash of it is kept.
        </p>
        <dl>
          <SecretValue label="Token" value={issued.token} testId="token-secret" />
        </dl>
        <button type="button" onClick={() => setIssued(null)} className="rounded-md bg-slate-900 px-4 py-2 font-semibold text-white hover:bg-slate-700">
          Done
        </button>
      </section>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="space-y-4" data-testid="token-form">
      <h3 id={`${id}-title`} className="font-semibold">New tenant token</h3>
      <fieldset disabled={submitting} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-800">Name</label>
          <input id={`${id}-name`} name="tokenName" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name-error` : undefined}
            className={`${field} ${errors.name ? 'border-red-700' : 'border-slate-400'}`} />
          {errors.name && <p id={`${id}-name-error`} className="mt-1 text-sm font-medium text-red-800">{errors.name}</p>}
        </div>
        <div>
          <label htmlFor={`${id}-limit`} className="block text-sm font-medium text-slate-800">Store limit</label>
          <input id={`${id}-limit`} name="storeLimit" inputMode="numeric" value={storeLimit} autoComplete="off"
            onChange={(e) => setStoreLimit(e.target.value)} aria-invalid={errors.storeLimit ? true : undefined}
            aria-describedby={`${id}-limit-help${errors.storeLimit ? ` ${id}-limit-error` : ''}`}
            className={`${field} ${errors.storeLimit ? 'border-red-700' : 'border-slate-400'}`} />
          <p id={`${id}-limit-help`} className="mt-1 text-xs text-slate-600">Live stores at once; 0 = no limit.</p>
          {errors.storeLimit && <p id={`${id}-limit-error`} className="mt-1 text-sm font-medium text-red-800">{errors.storeLimit}</p>}
        </div>
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:bg-slate-500 sm:mt-6">
          {submitting ? 'Creating…' : 'Create token'}
        </button>
      </fieldset>
      {formError && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="token-form-error">{formError}</p>}
    </form>
  );
}
