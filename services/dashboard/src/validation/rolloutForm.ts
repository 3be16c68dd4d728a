// Checks for the "start a rollout" form before it is sent (the same bounds as services/api rollout_api.cpp);
// the API stays the authority: its 422 details are shown next to their field.
import type { RolloutSelector, StartRolloutRequest } from '../api/types';
import { validateEngine, validateStoreName } from './storeForm';

export const WAVE_SIZE_MAX = 1000;
export const MAX_FAILURES_MAX = 100000;

export type SelectorKind = 'all' | 'names' | 'tenant';

export interface RolloutFormInput {
  engine: string;
  toVersion: string;
  selectorKind: SelectorKind;
  /** Store names separated by commas, spaces or new lines. */
  names: string;
  /** A tenant token's id (tok_…). */
  tenant: string;
  waveSize: string;
  maxFailures: string;
}

/** Keyed by the API's field names, so a 422's details land on the same fields. */
export interface RolloutFormErrors {
  engine?: string;
  toVersion?: string;
  selector?: string;
  waveSize?: string;
  maxFailures?: string;
}

/** The names typed, in order, without blanks and repeats. */
export function splitNames(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((n) => n !== ''))];
}

function wholeNumber(text: string, min: number, max: number): number | string {
  const t = text.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n)) return `Enter a whole number from ${min} to ${max}.`;
  if (n < min || n > max) return `Use a number from ${min} to ${max}.`;
  return n;
}

/** The request to send, or the first problem of each field. */
export function parseRolloutForm(input: RolloutFormInput): { request?: StartRolloutRequest; errors: RolloutFormErrors } {
  const errors: RolloutFormErrors = {};
  const engineProblems = validateEngine(input.engine);
  if (engineProblems.length) errors.engine = engineProblems[0];
  if (input.toVersion.trim() === '') errors.toVersion = 'Choose the version to move to.';

  let selector: RolloutSelector = 'all';
  if (input.selectorKind === 'names') {
    const names = splitNames(input.names);
    const bad = names.find((n) => validateStoreName(n).length > 0);
    if (names.length === 0) errors.selector = 'Enter at least one store name.';
    else if (bad !== undefined) errors.selector = `"${bad}" is not a store name: ${validateStoreName(bad)[0]}`;
    selector = { names };
  } else if (input.selectorKind === 'tenant') {
    const tenant = input.tenant.trim();
    if (tenant === '') errors.selector = "Enter the tenant's token id (tok_…).";
    else if (!/^tok_[A-Za-z0-9_-]+$/.test(tenant)) errors.selector = 'A token id looks like tok_ followed by letters and digits.';
    selector = { tenant };
  }

  const waveSize = wholeNumber(input.waveSize, 1, WAVE_SIZE_MAX);
  if (typeof waveSize === 'string') errors.waveSize = waveSize;
  const maxFailures = wholeNumber(input.maxFailures, 0, MAX_FAILURES_MAX);
  if (typeof maxFailures === 'string') errors.maxFailures = maxFailures;

  if (Object.keys(errors).length > 0 || typeof waveSize !== 'number' || typeof maxFailures !== 'number') return { errors };
  return { request: { engine: input.engine, toVersion: input.toVersion.trim(), selector, waveSize, maxFailures }, errors };
}
