import { DashboardApp } from './DashboardApp';
import { LoginScreen } from './components/LoginScreen';
import { useSession } from './state/useSession';

/** Login gate: the dashboard is mounted only with a session; any 401 afterwards brings the login screen back. */
export function App() {
  const { state, login, logout, retry } = useSession();

  if (state.phase === 'signedIn') return <DashboardApp key={state.session.actor} session={state.session} onLogout={logout} />;
  if (state.phase === 'signedOut') return <LoginScreen onLogin={login} notice={state.notice} />;
  return (
    <div className="flex min-h-screen items-start justify-center px-4 py-16">
      <main className="w-full max-w-md space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200" data-testid="session-check">
        <h1 className="text-2xl font-bold tracking-tight">Storefleet</h1>
        {state.phase === 'checking' ? (
          <p role="status" className="text-slate-700">Checking your session…</p>
        ) : (
          <>
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              Could not reach the Storefleet API: {state.message}
            </p>
            <button type="button" onClick={retry} className="rounded-md px-4 py-2 font-semibold ring-1 ring-slate-400 hover:bg-slate-100">
              Try again
            </button>
          </>
        )}
      </main>
    </div>
  );
}
