import { useId, useState, type Dispatch } from 'react';
import { api } from '../api/client';
import type { Catalog, StorePatch } from '../api/types';
import { describeError } from '../lib/errorText';
import { offeredActions, preferredTarget, upgradeTargets, type SpecAction } from '../state/storeActions';
import type { DashboardAction, StoreView } from '../state/storesReducer';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  store: StoreView;
  /** A request of this page is pending: nothing new starts meanwhile. */
  busy: boolean;
  /** The page's runner: marks it busy and shows a refusal where the other actions' errors show. */
  run: (action: () => Promise<unknown>) => Promise<void>;
  dispatch: Dispatch<DashboardAction>;
}

const button = 'rounded-md px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60';
const LABEL: Record<SpecAction, string> = { upgrade: 'Upgrade…', suspend: 'Suspend', resume: 'Resume' };
const STYLE: Record<SpecAction, string> = {
  upgrade: 'ring-1 ring-blue-700 text-blue-800 hover:bg-blue-50',
  suspend: 'ring-1 ring-violet-700 text-violet-800 hover:bg-violet-50',
  resume: 'bg-violet-700 text-white hover:bg-violet-800',
};

/** Upgrade…, Suspend and Resume (PATCH /api/stores/:name), each confirmed in a dialog first. */
export function StoreSpecActions({ store, busy, run, dispatch }: Props) {
  const [open, setOpen] = useState<SpecAction | null>(null);
  // the catalogue is read each time the upgrade dialog opens: the provisioner republishes it when it restarts
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const id = useId();
  const actions = offeredActions(store, busy);
  const targets = upgradeTargets(catalog, store.engine, store.version);
  const chosen = targets.find((t) => t.version === target && !t.olderFormat);

  function openDialog(action: SpecAction) {
    setOpen(action);
    if (action !== 'upgrade') return;
    setCatalogError(null);
    api.getCatalog().then(
      (c) => {
        setCatalog(c);
        setTarget(preferredTarget(c, store.engine, upgradeTargets(c, store.engine, store.version)));
      },
      (e) => setCatalogError(describeError(e)),
    );
  }

  function send(patch: StorePatch) {
    setOpen(null);
    void run(async () => {
      // 202 (rolling out) or 200 (nothing to change): either way the answer is the store as it now is
      const row = await api.patchStore(store.name, patch);
      dispatch({ type: 'storeLoaded', store: row });
    });
  }

  const runs = store.version || 'the default version';
  return (
    <>
      {actions.map((a) => (
        <button key={a.action} type="button" disabled={!a.enabled} title={a.why || undefined} data-testid={`action-${a.action}`}
          onClick={() => openDialog(a.action)} className={`${button} ${STYLE[a.action]}`}>
          {LABEL[a.action]}
        </button>
      ))}

      <ConfirmDialog
        open={open === 'upgrade'}
        title={`Upgrade ${store.name}?`}
        message={`It runs ${runs}. It shows Upgrading while the chosen version rolls out, then Ready again. Moving down to a version with an older data format is refused: the data was already migrated forward (restore a backup taken before the upgrade instead).`}
        confirmLabel={chosen ? `Upgrade to ${chosen.version}` : 'Upgrade'}
        tone="primary"
        confirmDisabled={!chosen}
        onCancel={() => setOpen(null)}
        onConfirm={() => chosen && send({ version: chosen.version })}
      >
        {catalogError ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="catalog-error">
            The versions cannot be read: {catalogError}
          </p>
        ) : !catalog ? (
          <p role="status" className="text-sm text-slate-700">Reading the versions…</p>
        ) : targets.length === 0 ? (
          <p className="text-sm text-slate-800" data-testid="no-targets">No other version of this engine is offered.</p>
        ) : (
          <div>
            <label htmlFor={`${id}-target`} className="block text-sm font-medium text-slate-800">
              Target version
            </label>
            <select id={`${id}-target`} value={chosen ? target : ''} onChange={(e) => setTarget(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900">
              {!chosen && <option value="">Choose a version</option>}
              {targets.map((t) => (
                <option key={t.version} value={t.version} disabled={t.olderFormat}>
                  {t.version}: {t.summary}{t.olderFormat ? ' (older data format: refused)' : ''}
                </option>
              ))}
            </select>
          </div>
        )}
      </ConfirmDialog>

      <ConfirmDialog
        open={open === 'suspend'}
        title={`Suspend ${store.name}?`}
        message="Its workloads stop (scaled to 0), so the shop and its admin stop answering. Its data is kept: database and uploads stay, and Resume starts it again."
        confirmLabel="Suspend store"
        tone="caution"
        onCancel={() => setOpen(null)}
        onConfirm={() => send({ suspended: true })}
      />
      <ConfirmDialog
        open={open === 'resume'}
        title={`Resume ${store.name}?`}
        message={`Its workloads start again on ${runs}, with the data kept while it was suspended. It shows Upgrading until it is Ready.`}
        confirmLabel="Resume store"
        tone="primary"
        onCancel={() => setOpen(null)}
        onConfirm={() => send({ suspended: false })}
      />
    </>
  );
}
