import { useState } from 'react';
import type { Session } from '../api/types';
import { describeStoreLimit } from '../validation/tokenForm';

/** Who is logged in (name, role, a tenant's store limit) and the way out. */
export function UserMenu({ session, onLogout }: { session: Session; onLogout: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const limit = session.role === 'tenant' && session.storeLimit ? `, limit ${describeStoreLimit(session.storeLimit)}` : '';
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="user-menu">
      <span className="text-slate-800">
        <span className="sr-only">Logged in as </span>
        <span className="font-semibold" data-testid="user-name">{session.name || session.actor}</span>{' '}
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800 ring-1 ring-slate-300" data-testid="user-role">
          {session.role}
        </span>
        {limit && <span className="text-xs text-slate-700">{limit}</span>}
      </span>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onLogout().finally(() => setBusy(false));
        }}
        className="rounded-md px-3 py-1.5 font-medium text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100 disabled:opacity-60"
      >
        Log out
      </button>
    </div>
  );
}
