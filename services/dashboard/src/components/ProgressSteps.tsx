import { STEPS, type StepState } from '../api/types';
import { summarizeProgress, type StepProgress } from '../state/progress';

const SEGMENT: Record<StepState, string> = {
  pending: 'bg-slate-200',
  started: 'bg-blue-500 motion-safe:animate-pulse',
  done: 'bg-green-600',
  failed: 'bg-red-600',
};

export function progressLabel(progress: StepProgress): string {
  const s = summarizeProgress(progress);
  if (s.failed) return `Failed at step ${s.failed} (${s.done} of ${s.total} steps done)`;
  if (s.done === s.total) return 'All steps done';
  if (s.current) return `${s.done} of ${s.total} steps done, ${s.current} in progress`;
  return `${s.done} of ${s.total} steps done`;
}

/** Five segments, one per step (namespace → secret → helm → pods → setup); `detailed` adds their names. */
export function ProgressSteps({ progress, detailed = false }: { progress: StepProgress; detailed?: boolean }) {
  const label = progressLabel(progress);
  return (
    <div role="img" aria-label={`Progress: ${label}`} title={label} className="w-full">
      <ol className="flex gap-1" aria-hidden="true">
        {STEPS.map((step) => (
          <li key={step} className="flex-1" data-step={step} data-state={progress[step]}>
            <span className={`block h-1.5 rounded-full ${SEGMENT[progress[step]]}`} />
            {detailed && (
              <span className="mt-1 block text-center text-xs text-slate-700">
                {step}
                {progress[step] === 'failed' ? ' ✕' : progress[step] === 'done' ? ' ✓' : ''}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
