import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import type { AccessToken, ApiStore, Catalog, Rollout, StartRolloutRequest } from '../api/types';
import { describeError } from '../lib/errorText';
import { engineLabel } from '../lib/format';
import { planRollout, planText, type RolloutPlan } from '../state/rollouts';
import { createChoices } from '../state/storeActions';
import { useCatalog } from '../state/useCatalog';
import { parseRolloutForm, type RolloutFormErrors, type SelectorKind } from '../validation/rolloutForm';
import { ConfirmDialog } from './ConfirmDialog';

/** Pages of the engine's stores read to preview the waves; a bigger fleet is described without counts. */
const PLAN_PAGES = 20;

/** The rows the rollout would choose from (the engine's stores; a tenant's only, by the list's owner filter). */
async function planFor(req: StartRolloutRequest, catalog: Catalog | null): Promise<RolloutPlan | null> {
  const rows: ApiStore[] = [];
  const owner = typeof req.selector === 'object' && 'tenant' in req.selector ? req.selector.tenant : undefined;
  let cursor: string | undefined;
  for (let page = 0; page < PLAN_PAGES; page++) {
    const res = await api.listStores({ engine: req.engine, owner, limit: 1000, cursor });
    rows.push(...res.stores);
    if (!res.next_cursor) return planRollout(rows, req, catalog);
    cursor = res.next_cursor;
  }
  return null;
}

const FIELDS: (keyof RolloutFormErrors)[] = ['engine', 'toVersion', 'selector', 'waveSize', 'maxFailures'];

/** Engine, target version, which stores, wave size and failures allowed; confirmed with the wave plan. */
export function StartRolloutForm({ onStarted }: { onStarted: (rollout: Rollout) => void }) {
  const catalog = useCatalog();
  const [engine, setEngine] = useState('woocommerce');
  const [version, setVersion] = useState('');
  const [selectorKind, setSelectorKind] = useState<SelectorKind>('all');
  const [names, setNames] = useState('');
  const [tenant, setTenant] = useState('');
  const [waveSize, setWaveSize] = useState('10');
  const [maxFailures, setMaxFailures] = useState('0');
  const [errors, setErrors] = useState<RolloutFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<{ request: StartRolloutRequest; plan: RolloutPlan | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [tenants, setTenants] = useState<AccessToken[]>([]);
  const id = useId();

  const choices = createChoices(catalog, engine);
  const toVersion = choices.versions.some((v) => v.version === version) ? version : choices.default;

  // tenant token ids to pick from (typing one works as well)
  useEffect(() => {
    api.listTokens().then((t) => setTenants(t.filter((x) => x.role === 'tenant' && !x.revokedAt)), () => undefined);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { request, errors: problems } = parseRolloutForm({ engine, toVersion, selectorKind, names, tenant, waveSize, maxFailures });
    setErrors(problems);
    if (!request) return;
    setBusy(true);
    const plan = await planFor(request, catalog).catch(() => null); // without counts the dialog still says the rule
    setBusy(false);
    setPending({ request, plan });
  }

  async function start(request: StartRolloutRequest) {
    setPending(null);
    setBusy(true);
    try {
      onStarted(await api.startRollout(request));
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const at = (f: string) => err.messageFor(f) ?? (f === 'waveSize' ? err.messageFor('maxUnavailable') : undefined);
        setErrors(Object.fromEntries(FIELDS.map((f) => [f, at(f)])));
        const unplaced = err.details.filter((d) => !(FIELDS as string[]).includes(d.field) && d.field !== 'maxUnavailable');
        setFormError([`Not started: ${describeError(err)}`, ...unplaced.map((d) => `${d.field}: ${d.message}`)].join(' '));
      } else {
        setFormError(`Not started: ${describeError(err)}`);
      }
    } finally {
      setBusy(false);
    }
  }

  const field = 'mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm disabled:bg-slate-100';
  const border = (k: keyof RolloutFormErrors) => (errors[k] ? 'border-red-700' : 'border-slate-400');
  const invalid = (k: keyof RolloutFormErrors, help = '') => ({
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': [help, errors[k] ? `${id}-${k}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const problem = (k: keyof RolloutFormErrors) =>
    errors[k] && <p id={`${id}-${k}-error`} className="mt-1 text-sm font-medium text-red-800" data-testid={`rollout-${k}-error`}>{errors[k]}</p>;
  const radio = (kind: SelectorKind, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="radio" name={`${id}-selector`} value={kind} checked={selectorKind === kind} onChange={() => setSelectorKind(kind)} />
      {label}
    </label>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="space-y-4" data-testid="rollout-form">
      <h3 id={`${id}-title`} className="font-semibold">New rollout</h3>
      <fieldset disabled={busy} className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor={`${id}-engine`} className="block text-sm font-medium text-slate-800">Engine</label>
          <select id={`${id}-engine`} value={engine} onChange={(e) => { setEngine(e.target.value); setVersion(''); }}
            {...invalid('engine')} className={`${field} ${border('engine')}`}>
            <option value="woocommerce">WooCommerce</option>
            <option value="medusa">MedusaJS</option>
          </select>
          {problem('engine')}
        </div>
        <div>
          <label htmlFor={`${id}-version`} className="block text-sm font-medium text-slate-800">Target version</label>
          <select id={`${id}-version`} value={toVersion} onChange={(e) => setVersion(e.target.value)}
            {...invalid('toVersion', `${id}-version-help`)} className={`${field} ${border('toVersion')}`}>
            {choices.versions.length === 0 && <option value="">No versions published</option>}
            {choices.versions.map((v) => (
              <option key={v.version} value={v.version}>{v.version}{v.version === choices.default ? ' (default)' : ''}</option>
            ))}
          </select>
          <p id={`${id}-version-help`} className="mt-1 text-xs text-slate-600">
            {catalog ? choices.versions.find((v) => v.version === toVersion)?.summary : 'The provisioner has not published its versions yet.'}
          </p>
          {problem('toVersion')}
        </div>
        <div>
          <label htmlFor={`${id}-wave`} className="block text-sm font-medium text-slate-800">Wave size</label>
          <input id={`${id}-wave`} inputMode="numeric" autoComplete="off" value={waveSize} onChange={(e) => setWaveSize(e.target.value)}
            {...invalid('waveSize', `${id}-wave-help`)} className={`${field} ${border('waveSize')}`} />
          <p id={`${id}-wave-help`} className="mt-1 text-xs text-slate-600">Stores upgrading at once (1–1000).</p>
          {problem('waveSize')}
        </div>
        <div>
          <label htmlFor={`${id}-failures`} className="block text-sm font-medium text-slate-800">Max failures</label>
          <input id={`${id}-failures`} inputMode="numeric" autoComplete="off" value={maxFailures} onChange={(e) => setMaxFailures(e.target.value)}
            {...invalid('maxFailures', `${id}-failures-help`)} className={`${field} ${border('maxFailures')}`} />
          <p id={`${id}-failures-help`} className="mt-1 text-xs text-slate-600">Failed stores accepted before it pauses.</p>
          {problem('maxFailures')}
        </div>
        <fieldset className="md:col-span-2 lg:col-span-4" aria-describedby={errors.selector ? `${id}-selector-error` : undefined}>
          <legend className="text-sm font-medium text-slate-800">Stores</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {radio('all', 'All stores of the engine')}
            {radio('names', 'Named stores')}
            {radio('tenant', "One tenant's stores")}
          </div>
          {selectorKind === 'names' && (
            <div className="mt-2">
              <label htmlFor={`${id}-names`} className="block text-sm font-medium text-slate-800">Store names</label>
              <textarea id={`${id}-names`} rows={2} value={names} onChange={(e) => setNames(e.target.value)} spellCheck={false}
                {...invalid('selector', `${id}-names-help`)} className={`${field} ${border('selector')}`} />
              <p id={`${id}-names-help`} className="mt-1 text-xs text-slate-600">Separated by commas, spaces or new lines.</p>
            </div>
          )}
          {selectorKind === 'tenant' && (
            <div className="mt-2">
              <label htmlFor={`${id}-tenant`} className="block text-sm font-medium text-slate-800">Tenant token id</label>
              <input id={`${id}-tenant`} list={`${id}-tenants`} autoComplete="off" spellCheck={false} value={tenant} onChange={(e) => setTenant(e.target.value)}
                {...invalid('selector')} className={`${field} ${border('selector')}`} />
              <datalist id={`${id}-tenants`}>
                {tenants.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </datalist>
            </div>
          )}
          {problem('selector')}
        </fieldset>
      </fieldset>
      {formError && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="rollout-form-error">{formError}</p>}
      <button type="submit" disabled={busy} className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:bg-slate-500">
        {busy ? 'Working…' : 'Start rollout…'}
      </button>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `Roll ${engineLabel(pending.request.engine)} out to ${pending.request.toVersion}?` : 'Start rollout?'}
        message={pending ? planText(pending.plan, pending.request) : ''}
        confirmLabel="Start rollout"
        tone="primary"
        onCancel={() => setPending(null)}
        onConfirm={() => pending && void start(pending.request)}
      />
    </form>
  );
}
