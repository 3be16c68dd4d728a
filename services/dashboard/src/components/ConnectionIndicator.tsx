import type { ConnectionState } from '../api/eventStream';

const LOOK: Record<ConnectionState, { text: string; dot: string }> = {
  live: { text: 'Live', dot: 'bg-green-600' },
  connecting: { text: 'Connecting…', dot: 'bg-slate-400 motion-safe:animate-pulse' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-amber-500 motion-safe:animate-pulse' },
};

/** Live/reconnecting state of the event stream, announced politely to screen readers when it changes. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const look = LOOK[state];
  return (
    <p
      role="status"
      data-testid="connection"
      data-state={state}
      className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm font-medium text-slate-800 ring-1 ring-slate-300"
    >
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${look.dot}`} />
      <span>
        <span className="sr-only">Updates: </span>
        {look.text}
      </span>
    </p>
  );
}
