// Mirrors the server's store-name rules (common/ validate_store_name) so the form can say what is wrong
// before submitting. The server stays the authority: its 422 details are shown next to the field too.
import { ENGINES } from '../api/types';

export const STORE_NAME_MIN = 3;
export const STORE_NAME_MAX = 40;

/** Names the platform keeps for itself (the same list as common/src/core/store.cpp's kReserved). */
export const RESERVED_STORE_NAMES: readonly string[] = [
  'api',
  'admin',
  'www',
  'default',
  'system',
  'kube-system',
  'kube-public',
  'storefleet',
  'dashboard',
  'metrics',
  'health',
  'status',
  'internal',
  'localhost',
];

/** Every problem with a store name, in the order a person would fix them (empty when valid). */
export function validateStoreName(name: string): string[] {
  if (name === '') return ['Enter a store name.'];
  const problems: string[] = [];
  if (name.length < STORE_NAME_MIN || name.length > STORE_NAME_MAX) {
    problems.push(`Use ${STORE_NAME_MIN} to ${STORE_NAME_MAX} characters (now ${name.length}).`);
  }
  if (!/^[a-z0-9-]*$/.test(name)) {
    problems.push("Use only lowercase letters, digits and '-'.");
  }
  if (!/^[a-z]/.test(name)) {
    problems.push('Start with a lowercase letter.');
  }
  if (name.endsWith('-')) {
    problems.push("Don't end with '-'.");
  }
  if (RESERVED_STORE_NAMES.includes(name)) {
    problems.push(`"${name}" is reserved; choose another name.`);
  }
  return problems;
}

export function validateEngine(engine: string): string[] {
  return (ENGINES as readonly string[]).includes(engine) ? [] : ['Choose an engine: WooCommerce or MedusaJS.'];
}

export interface StoreFormErrors {
  storeName?: string;
  engine?: string;
  /** Only the server says this one (a version the catalogue no longer offers). */
  version?: string;
}

/** The first problem of each field, as shown inline under it. */
export function validateStoreForm(values: { storeName: string; engine: string }): StoreFormErrors {
  const errors: StoreFormErrors = {};
  const nameProblems = validateStoreName(values.storeName);
  if (nameProblems.length) errors.storeName = nameProblems[0];
  const engineProblems = validateEngine(values.engine);
  if (engineProblems.length) errors.engine = engineProblems[0];
  return errors;
}
