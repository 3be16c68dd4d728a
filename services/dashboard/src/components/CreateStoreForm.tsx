import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import { describeError } from '../lib/errorText';
import type { CreateStoreResponse } from '../api/types';
import { createChoices } from '../state/storeActions';
import { useCatalog } from '../state/useCatalog';
import { STORE_NAME_MAX, validateStoreForm, type StoreFormErrors } from '../validation/storeForm';

interface Props {
  onCreated: (response: CreateStoreResponse, engine: string) => void;
}

/**
 * Name + engine (+ version, when the API has a catalogue). Checks the server's rules as you type (after the first blur or submit), then lets the
 * server decide: its 422 details land next to their field, anything else above the button.
 */
export function CreateStoreForm({ onCreated }: Props) {
  const [storeName, setStoreName] = useState('');
  const [engine, setEngine] = useState('woocommerce');
  const catalog = useCatalog();
  // '' = the engine's default; a choice that is not offered (another engine's) falls back to it too
  const [version, setVersion] = useState('');
  const choices = createChoices(catalog, engine);
  const chosenVersion = choices.versions.some((v) => v.version === version) ? version : choices.default;
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<StoreFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const localErrors = validateStoreForm({ storeName, engine });
  const nameError = serverErrors.storeName ?? (touched ? localErrors.storeName : undefined);
  const engineError = serverErrors.engine ?? (touched ? localErrors.engine : undefined);
  const versionError = serverErrors.version;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    setServerErrors({});
    setFormError(null);
    setCreated(null);
    if (localErrors.storeName || localErrors.engine) {
      nameRef.current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      const res = await api.createStore(storeName, engine, catalog ? chosenVersion || undefined : undefined);
      onCreated(res, engine);
      setCreated(res.storeName);
      setStoreName('');
      setTouched(false);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: StoreFormErrors = {
          storeName: err.messageFor('storeName') ?? (err.status === 409 ? err.message : undefined),
          engine: err.messageFor('engine'),
          version: err.messageFor('version'),
        };
        setServerErrors(fields);
        const unplaced = err.details.filter((d) => d.field !== 'storeName' && d.field !== 'engine' && d.field !== 'version');
        // A 403 store_limit_reached or a 429 lands here with its remedy (and the Retry-After in words).
        if (!fields.storeName && !fields.engine && !fields.version) setFormError(describeError(err));
        else if (unplaced.length) setFormError(unplaced.map((d) => `${d.field}: ${d.message}`).join(' '));
      } else {
        setFormError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setSubmitting(false);
      // A disabled input loses focus; give it back so keyboard users can fix the name at once.
      setTimeout(() => nameRef.current?.focus(), 0);
    }
  }

  const field =
    'mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm disabled:bg-slate-100';
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="space-y-4" data-testid="create-form">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        New store
      </h2>
      <fieldset disabled={submitting} className="space-y-4">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-800">
            Store name
          </label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            name="storeName"
            value={storeName}
            onChange={(e) => {
              setStoreName(e.target.value);
              setServerErrors((s) => ({ ...s, storeName: undefined }));
            }}
            onBlur={() => storeName !== '' && setTouched(true)}
            autoComplete="off"
            spellCheck={false}
            maxLength={STORE_NAME_MAX + 10}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-name-help${nameError ? ` ${id}-name-error` : ''}`}
            className={`${field} ${nameError ? 'border-red-700' : 'border-slate-400'}`}
          />
          <p id={`${id}-name-help`} className="mt-1 text-xs text-slate-600">
            3–40 lowercase letters, digits or '-'; starts with a letter.
          </p>
          {nameError && (
            <p id={`${id}-name-error`} className="mt-1 text-sm font-medium text-red-800" data-testid="name-error">
              {nameError}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-engine`} className="block text-sm font-medium text-slate-800">
            Engine
          </label>
          <select
            id={`${id}-engine`}
            name="engine"
            value={engine}
            onChange={(e) => {
              setEngine(e.target.value);
              setVersion('');
              setServerErrors((s) => ({ ...s, engine: undefined, version: undefined }));
            }}
            aria-invalid={engineError ? true : undefined}
            aria-describedby={`${id}-engine-help${engineError ? ` ${id}-engine-error` : ''}`}
            className={`${field} ${engineError ? 'border-red-700' : 'border-slate-400'}`}
          >
            <option value="woocommerce">WooCommerce</option>
            <option value="medusa">MedusaJS</option>
          </select>
          <p id={`${id}-engine-help`} className="mt-1 text-xs text-slate-600">
            {engine === 'medusa' ? 'Medusa with PostgreSQL and Redis; admin at /app.' : 'WordPress with MySQL; admin at /wp-admin.'}
          </p>
          {engineError && (
            <p id={`${id}-engine-error`} className="mt-1 text-sm font-medium text-red-800" data-testid="engine-error">
              {engineError}
            </p>
          )}
        </div>
        {choices.versions.length > 0 && (
          <div>
            <label htmlFor={`${id}-version`} className="block text-sm font-medium text-slate-800">
              Version
            </label>
            <select
              id={`${id}-version`}
              name="version"
              value={chosenVersion}
              onChange={(e) => {
                setVersion(e.target.value);
                setServerErrors((s) => ({ ...s, version: undefined }));
              }}
              aria-invalid={versionError ? true : undefined}
              aria-describedby={`${id}-version-help${versionError ? ` ${id}-version-error` : ''}`}
              className={`${field} ${versionError ? 'border-red-700' : 'border-slate-400'}`}
            >
              {choices.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                  {v.version === choices.default ? ' (default)' : ''}
                </option>
              ))}
            </select>
            <p id={`${id}-version-help`} className="mt-1 text-xs text-slate-600">
              {choices.versions.find((v) => v.version === chosenVersion)?.summary}
            </p>
            {versionError && (
              <p id={`${id}-version-error`} className="mt-1 text-sm font-medium text-red-800" data-testid="version-error">
                {versionError}
              </p>
            )}
          </div>
        )}
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="form-error">
            {formError}
          </p>
        )}
        <button
          type="submit"
          className="w-full rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-500 sm:w-auto"
        >
          {submitting ? 'Creating…' : 'Create store'}
        </button>
      </fieldset>
      <p role="status" className="text-sm text-green-800">
        {created ? `Request for ${created} accepted.` : ''}
      </p>
    </form>
  );
}
