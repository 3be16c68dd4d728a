import { describe, expect, it } from 'vitest';
import { parseRolloutForm, splitNames, type RolloutFormInput } from './rolloutForm';

const input = (over: Partial<RolloutFormInput> = {}): RolloutFormInput => ({
  engine: 'woocommerce', toVersion: '9.8.6', selectorKind: 'all', names: '', tenant: '', waveSize: '10', maxFailures: '0', ...over,
});

describe('rollout form', () => {
  it('builds the request for each selector', () => {
    expect(parseRolloutForm(input()).request).toEqual({ engine: 'woocommerce', toVersion: '9.8.6', selector: 'all', waveSize: 10, maxFailures: 0 });
    expect(parseRolloutForm(input({ selectorKind: 'names', names: 'a-shop, b-shop\nb-shop  c-shop', waveSize: ' 2 ' })).request)
      .toMatchObject({ selector: { names: ['a-shop', 'b-shop', 'c-shop'] }, waveSize: 2 });
    expect(parseRolloutForm(input({ selectorKind: 'tenant', tenant: ' tok_1a2b ' })).request).toMatchObject({ selector: { tenant: 'tok_1a2b' } });
    expect(splitNames(' , ')).toEqual([]);
  });

  it('says what is wrong with each field, keyed by the API field names', () => {
    expect(parseRolloutForm(input({ engine: 'magento', toVersion: '' })).errors).toEqual({
      engine: 'Choose an engine: WooCommerce or MedusaJS.',
      toVersion: 'Choose the version to move to.',
    });
    expect(parseRolloutForm(input({ selectorKind: 'names', names: '  ' })).errors.selector).toBe('Enter at least one store name.');
    expect(parseRolloutForm(input({ selectorKind: 'names', names: 'ok-shop Bad_One' })).errors.selector).toBe(
      '"Bad_One" is not a store name: Use only lowercase letters, digits and \'-\'.',
    );
    expect(parseRolloutForm(input({ selectorKind: 'tenant', tenant: '' })).errors.selector).toMatch(/token id/);
    expect(parseRolloutForm(input({ selectorKind: 'tenant', tenant: 'team-a' })).errors.selector).toMatch(/tok_/);
  });

  it('keeps wave size within 1–1000 and max failures a whole number from 0', () => {
    expect(parseRolloutForm(input({ waveSize: '0' })).errors.waveSize).toBe('Use a number from 1 to 1000.');
    expect(parseRolloutForm(input({ waveSize: '1001' })).errors.waveSize).toBe('Use a number from 1 to 1000.');
    expect(parseRolloutForm(input({ waveSize: '2.5' })).errors.waveSize).toBe('Enter a whole number from 1 to 1000.');
    expect(parseRolloutForm(input({ waveSize: '' })).request).toBeUndefined();
    expect(parseRolloutForm(input({ maxFailures: '-1' })).errors.maxFailures).toBe('Enter a whole number from 0 to 100000.');
    expect(parseRolloutForm(input({ waveSize: '1000', maxFailures: '3' })).request).toMatchObject({ waveSize: 1000, maxFailures: 3 });
  });
});
