import { describe, expect, it } from 'vitest';
import { describeStoreLimit, parseTokenForm } from './tokenForm';

describe('parseTokenForm', () => {
  it('builds a tenant token request with a trimmed name', () => {
    expect(parseTokenForm({ name: '  team-a ', storeLimit: '3' })).toEqual({ request: { name: 'team-a', role: 'tenant', storeLimit: 3 }, errors: {} });
    expect(parseTokenForm({ name: 'ci', storeLimit: '0' }).request?.storeLimit).toBe(0);
  });

  it('refuses an empty or overlong name', () => {
    expect(parseTokenForm({ name: ' ', storeLimit: '1' }).errors.name).toMatch(/Enter a name/);
    expect(parseTokenForm({ name: 'x'.repeat(101), storeLimit: '1' }).errors.name).toMatch(/at most 100/);
    expect(parseTokenForm({ name: 'a\tb', storeLimit: '1' }).errors.name).toMatch(/printable/);
  });

  it('refuses a limit that is not a whole number from 0 up', () => {
    for (const bad of ['', '-1', '1.5', 'ten', '1e3']) {
      const r = parseTokenForm({ name: 'a', storeLimit: bad });
      expect(r.request, bad).toBeUndefined();
      expect(r.errors.storeLimit, bad).toMatch(/whole number/);
    }
    expect(parseTokenForm({ name: 'a', storeLimit: '10001' }).errors.storeLimit).toMatch(/at most/);
  });

  it('describes limits in words', () => {
    expect(describeStoreLimit(0)).toBe('no limit');
    expect(describeStoreLimit(1)).toBe('1 store');
    expect(describeStoreLimit(5)).toBe('5 stores');
  });
});
