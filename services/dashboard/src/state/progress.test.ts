import { describe, expect, it } from 'vitest';
import { applyStep, emptyProgress, progressFromStatus, summarizeProgress, withObservedPods } from './progress';

describe('progress', () => {
  it('starts with every step pending', () => {
    expect(summarizeProgress(emptyProgress())).toEqual({ done: 0, total: 5, current: null, failed: null });
  });

  it('marks a started step current and implies the earlier ones are done', () => {
    const p = applyStep(emptyProgress(), 'helm', 'started');
    expect(p).toEqual({ namespace: 'done', secret: 'done', helm: 'started', pods: 'pending', setup: 'pending' });
    expect(summarizeProgress(p)).toEqual({ done: 2, total: 5, current: 'helm', failed: null });
  });

  it('records a failed step without touching later ones', () => {
    let p = applyStep(emptyProgress(), 'pods', 'started');
    p = applyStep(p, 'pods', 'failed');
    expect(summarizeProgress(p)).toEqual({ done: 3, total: 5, current: null, failed: 'pods' });
    expect(p.setup).toBe('pending');
  });

  it('derives a best guess from the status alone', () => {
    expect(summarizeProgress(progressFromStatus('Ready')).done).toBe(5);
    expect(summarizeProgress(progressFromStatus('Queued')).done).toBe(0);
    expect(summarizeProgress(progressFromStatus('Installing'))).toMatchObject({ done: 2, current: 'helm' });
    expect(summarizeProgress(progressFromStatus('Provisioning'))).toMatchObject({ done: 0, current: 'namespace' });
    // installed stores: a change rolling out or a store scaled to 0 had every step done once
    expect(summarizeProgress(progressFromStatus('Upgrading')).done).toBe(5);
    expect(summarizeProgress(progressFromStatus('Suspended')).done).toBe(5);
  });
});

describe('withObservedPods', () => {
  const podsDone = applyStep(emptyProgress(), 'pods', 'done');
  it('keeps the pods step running until every workload pod is ready', () => {
    const pods = [
      { name: 'web-0', phase: 'Running', ready: true },
      { name: 'db-0', phase: 'Running', ready: false },
    ];
    expect(withObservedPods(podsDone, pods, null).pods).toBe('started');
    expect(withObservedPods(podsDone, pods.map((p) => ({ ...p, ready: true })), null).pods).toBe('done');
  });
  it('ignores setup Job pods and finished pods', () => {
    const pods = [
      { name: 'web-0', phase: 'Running', ready: true },
      { name: 'shop-setup-r1-abcde', phase: 'Running', ready: false },
      { name: 'old-0', phase: 'Succeeded', ready: false },
    ];
    expect(withObservedPods(podsDone, pods, { name: 'shop-setup-r1' }).pods).toBe('done');
  });
  it('starts the pods step once helm is done and pods show up', () => {
    const helmDone = applyStep(emptyProgress(), 'helm', 'done');
    expect(withObservedPods(helmDone, [{ name: 'a', phase: 'Pending', ready: false }], null).pods).toBe('started');
  });
  it('leaves a pending step before helm, a failed step and unknown pods alone', () => {
    const p = emptyProgress();
    expect(withObservedPods(p, [{ name: 'a', phase: 'Pending', ready: false }], null)).toBe(p);
    const failed = applyStep(podsDone, 'pods', 'failed');
    expect(withObservedPods(failed, [{ name: 'a', phase: 'Running', ready: true }], null)).toBe(failed);
    expect(withObservedPods(podsDone, null, null)).toBe(podsDone);
  });
});
