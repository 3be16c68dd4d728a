// Actions on several stores at once (retry, delete): which selected stores each applies to, and running them a
// few at a time so one slow or refused store neither blocks nor hides the others.
import type { StoreView } from './storeView';

export type BulkAction = 'retry' | 'delete';

export function appliesTo(action: BulkAction, store: StoreView): boolean {
  if (action === 'retry') return store.status === 'Failed' || store.status === 'Degraded';
  return store.status !== 'Deleting' && store.status !== 'Deleted';
}

export interface BulkOutcome {
  done: string[];
  failed: { name: string; message: string }[];
}

/** Runs `run` for every name, at most `concurrency` at once; never throws (failures are collected). */
export async function runBulk(
  names: string[],
  run: (name: string) => Promise<unknown>,
  describe: (e: unknown) => string,
  concurrency = 4,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      try {
        await run(name);
        outcome.done.push(name);
      } catch (e) {
        outcome.failed.push({ name, message: describe(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  // in the order asked, whatever order they finished in
  outcome.done.sort((a, b) => names.indexOf(a) - names.indexOf(b));
  outcome.failed.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return outcome;
}

/** "Deleted 3 stores." / "Retried 2 of 3 stores; c-shop: The store is not failed." */
export function describeOutcome(action: BulkAction, o: BulkOutcome): string {
  const verb = action === 'retry' ? 'Retried' : 'Deletion requested for';
  const total = o.done.length + o.failed.length;
  const n = (k: number) => `${k} store${k === 1 ? '' : 's'}`;
  const head = o.failed.length === 0 ? `${verb} ${n(total)}.` : `${verb} ${o.done.length} of ${n(total)}; failed: `;
  return o.failed.length === 0 ? head : head + o.failed.map((f) => `${f.name}: ${f.message}`).join('; ');
}
