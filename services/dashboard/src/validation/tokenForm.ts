// Checks for the "new access token" form before it is sent; the API stays the authority (its 422 is shown).

export const TOKEN_NAME_MAX = 100;
export const STORE_LIMIT_MAX = 10000;

export interface TokenFormErrors {
  name?: string;
  storeLimit?: string;
}

export interface TokenRequest {
  name: string;
  role: 'tenant';
  storeLimit: number;
}

/** The request to send, or what is wrong with the fields. `storeLimit` 0 means no limit. */
export function parseTokenForm(input: { name: string; storeLimit: string }): { request?: TokenRequest; errors: TokenFormErrors } {
  const errors: TokenFormErrors = {};
  const name = input.name.trim();
  if (name === '') errors.name = 'Enter a name (who or what the token is for).';
  else if (name.length > TOKEN_NAME_MAX) errors.name = `Use at most ${TOKEN_NAME_MAX} characters.`;
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(name)) errors.name = 'Use printable characters only.';

  const limitText = input.storeLimit.trim();
  const limit = Number(limitText);
  if (limitText === '' || !/^\d+$/.test(limitText) || !Number.isSafeInteger(limit)) {
    errors.storeLimit = 'Enter a whole number (0 for no limit).';
  } else if (limit > STORE_LIMIT_MAX) {
    errors.storeLimit = `Use at most ${STORE_LIMIT_MAX}.`;
  }
  if (errors.name || errors.storeLimit) return { errors };
  return { request: { name, role: 'tenant', storeLimit: limit }, errors };
}

/** "no limit", "1 store", "5 stores". */
export function describeStoreLimit(limit: number): string {
  if (!limit) return 'no limit';
  return limit === 1 ? '1 store' : `${limit} stores`;
}
