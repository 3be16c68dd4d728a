import { describe, expect, it } from 'vitest';
import { applyStep, emptyProgress, progressFromStatus, summarizeProgress } from './progress';

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
  });
});
