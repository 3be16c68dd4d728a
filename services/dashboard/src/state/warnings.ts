// Trouble seen before a store fails (a pod in ImagePullBackOff or CrashLoopBackOff, an unschedulable pod, a failed
// Job): read from a row's `warnings` or worked out live from a `store.observed` event, as the API does it.
import type { ObservedEventData, Pod, StoreWarning } from '../api/types';

/** The API's rule (services/api store_warnings): every pod with a reason, and a failed Job. */
export function warningsFromObserved(pods: Pod[] | null, setupJob: { name: string; state: string } | null | undefined): StoreWarning[] {
  const out: StoreWarning[] = [];
  for (const p of pods ?? []) {
    if (p.reason) out.push({ kind: 'Pod', name: p.name, reason: p.reason, message: p.message ?? '' });
  }
  if (setupJob?.state === 'failed') out.push({ kind: 'Job', name: setupJob.name, reason: 'JobFailed', message: '' });
  return out;
}

export const warningsOfEvent = (data: ObservedEventData) => warningsFromObserved(Array.isArray(data.pods) ? data.pods : null, data.setupJob);

/** Only well-formed entries of an API answer (a missing field is not worth a crash). */
export function cleanWarnings(raw: unknown): StoreWarning[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((w): w is StoreWarning => typeof w === 'object' && w !== null && typeof (w as StoreWarning).reason === 'string')
    .map((w) => ({ kind: String(w.kind ?? ''), name: String(w.name ?? ''), reason: w.reason, message: String(w.message ?? '') }));
}

/** Distinct reasons, most frequent first: what a row's badge says ("ImagePullBackOff", "+1"). */
export function warningReasons(warnings: StoreWarning[]): string[] {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.reason, (counts.get(w.reason) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
}

/** One line per warning, for a tooltip or a screen reader: "Pod shop-web-0: ImagePullBackOff (message)". */
export const describeWarning = (w: StoreWarning) => `${w.kind} ${w.name}: ${w.reason}${w.message ? ` (${w.message})` : ''}`;

export const sameWarnings = (a: StoreWarning[], b: StoreWarning[]) =>
  a.length === b.length && a.every((w, i) => describeWarning(w) === describeWarning(b[i]));
