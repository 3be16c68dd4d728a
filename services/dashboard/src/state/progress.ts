// The per-store progress indicator: the provisioning steps (namespace → secret → helm → pods → setup) and
// what each one is doing, built from `store.step` events and, before any arrived, from the status alone.
import { STEPS, type ProvisionStep, type StepState, type StoreStatus } from '../api/types';

export type StepProgress = Record<ProvisionStep, StepState>;

/** Statuses of a store that was installed once: its steps are all done (a change rolls out as Upgrading). */
export const INSTALLED_STATUSES: readonly StoreStatus[] = ['Ready', 'Degraded', 'Upgrading', 'Suspended'];
export const isInstalled = (status: StoreStatus) => INSTALLED_STATUSES.includes(status);

export function emptyProgress(): StepProgress {
  return { namespace: 'pending', secret: 'pending', helm: 'pending', pods: 'pending', setup: 'pending' };
}

export function isProvisionStep(step: unknown): step is ProvisionStep {
  return typeof step === 'string' && (STEPS as readonly string[]).includes(step);
}

/** Applies one `store.step` event; a step that starts or finishes implies every earlier step finished. */
export function applyStep(progress: StepProgress, step: ProvisionStep, state: StepState): StepProgress {
  const next = { ...progress, [step]: state };
  if (state === 'started' || state === 'done') {
    for (const earlier of STEPS.slice(0, STEPS.indexOf(step))) {
      if (next[earlier] !== 'failed') next[earlier] = 'done';
    }
  }
  return next;
}

/** Best guess from the status when no step events were seen (e.g. a store loaded from the list). */
export function progressFromStatus(status: StoreStatus): StepProgress {
  const p = emptyProgress();
  switch (status) {
    case 'Ready':
    case 'Degraded': // it was installed: what broke since shows in its reason and pods
    case 'Upgrading': // a change to an installed store rolls out; the steps it reruns show as they come
    case 'Suspended':
      return { namespace: 'done', secret: 'done', helm: 'done', pods: 'done', setup: 'done' };
    case 'Installing':
      // helm has been handed the release; pods and setup follow
      return applyStep(p, 'helm', 'started');
    case 'Provisioning':
      return applyStep(p, 'namespace', 'started');
    default:
      return p;
  }
}

export interface ProgressSummary {
  done: number;
  total: number;
  current: ProvisionStep | null;
  failed: ProvisionStep | null;
}

export function summarizeProgress(progress: StepProgress): ProgressSummary {
  const done = STEPS.filter((s) => progress[s] === 'done').length;
  const failed = STEPS.find((s) => progress[s] === 'failed') ?? null;
  const current = STEPS.find((s) => progress[s] === 'started') ?? null;
  return { done, total: STEPS.length, current, failed };
}

/**
 * The pods step as the observed pods tell it: the provisioner reports "pods done" per pod that became ready,
 * so with several pods the step is only done once every workload pod is ready. Pods of the setup Job (named
 * after it) and finished pods are not workload pods.
 */
export function withObservedPods(
  progress: StepProgress,
  pods: { name: string; phase: string; ready: boolean }[] | null,
  setupJob: { name: string } | null,
): StepProgress {
  if (!pods || progress.pods === 'failed') return progress;
  // helm done and pods showing up is the pods step under way, even before the first pod is ready
  if (progress.pods === 'pending' && progress.helm !== 'done') return progress;
  const workload = pods.filter(
    (p) => !(setupJob && p.name.startsWith(setupJob.name + '-')) && p.phase !== 'Succeeded' && p.phase !== 'Failed',
  );
  if (workload.length === 0) return progress;
  const state: StepState = workload.every((p) => p.ready) ? 'done' : 'started';
  return state === progress.pods ? progress : { ...progress, pods: state };
}

/** The step a failure reason points at, when it names one (used when no step event said which step failed). */
export function stepOfReason(reason: string): ProvisionStep | null {
  if (/setup|job/i.test(reason)) return 'setup';
  if (/ImagePull|ErrImage|CrashLoop|Unschedulable|CreateContainer|pod|ready/i.test(reason)) return 'pods';
  if (/helm|chart|release/i.test(reason)) return 'helm';
  if (/secret/i.test(reason)) return 'secret';
  if (/namespace|quota|forbidden/i.test(reason)) return 'namespace';
  return null;
}

/**
 * A store that failed: the step that was running is the one that failed (red, not a running blue). Without a
 * running step, the step its reason names; otherwise the progress is left as it is.
 */
export function markFailed(progress: StepProgress, reason: string): StepProgress {
  if (STEPS.some((s) => progress[s] === 'failed')) return progress;
  const running = STEPS.find((s) => progress[s] === 'started');
  if (running) return { ...progress, [running]: 'failed' };
  const named = stepOfReason(reason);
  if (!named || progress[named] === 'done') return progress;
  return applyStep(applyStep(progress, named, 'started'), named, 'failed');
}
