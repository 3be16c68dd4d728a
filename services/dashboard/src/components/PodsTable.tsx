import type { Pod } from '../api/types';

export function PodsTable({ pods, setupJob }: { pods: Pod[] | null; setupJob: { name: string; state: string } | null }) {
  if (pods === null) return <p className="text-slate-700">Not observed yet.</p>;
  return (
    <div className="space-y-2">
      {pods.length === 0 ? (
        <p className="text-slate-700">No pods.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="pods">
            <caption className="sr-only">Pods of this store</caption>
            <thead className="text-slate-800">
              <tr>
                <th scope="col" className="py-1 pr-4">Pod</th>
                <th scope="col" className="py-1 pr-4">Phase</th>
                <th scope="col" className="py-1 pr-4">Ready</th>
                <th scope="col" className="py-1">Reason</th>
              </tr>
            </thead>
            <tbody>
              {pods.map((p) => (
                <tr key={p.name} className="border-t border-slate-200">
                  <td className="py-1 pr-4 font-mono text-xs sm:text-sm">{p.name}</td>
                  <td className="py-1 pr-4">{p.phase}</td>
                  {p.phase === 'Succeeded' ? (
                    <td className="py-1 pr-4 text-slate-700">Completed</td>
                  ) : (
                    <td className={`py-1 pr-4 font-medium ${p.ready ? 'text-green-800' : 'text-amber-900'}`}>
                      {p.ready ? 'Yes' : 'No'}
                    </td>
                  )}
                  <td className="py-1 text-slate-700">{p.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {setupJob && (
        <p className="text-sm text-slate-800">
          Setup job <span className="font-mono">{setupJob.name}</span>: {setupJob.state}
        </p>
      )}
    </div>
  );
}
