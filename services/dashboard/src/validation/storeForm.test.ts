import { describe, expect, it } from 'vitest';
import { validateEngine, validateStoreForm, validateStoreName } from './storeForm';

describe('validateStoreName', () => {
  it.each(['abc', 'my-shop', 'shop1', 'a-b-c-1-2', 'a'.repeat(40)])('accepts %s', (name) => {
    expect(validateStoreName(name)).toEqual([]);
  });

  it.each([
    ['', /Enter a store name/],
    ['ab', /3 to 40 characters/],
    ['a'.repeat(41), /3 to 40 characters/],
    ['My-Shop', /lowercase letters, digits/],
    ['my_shop', /lowercase letters, digits/],
    ['my shop', /lowercase letters, digits/],
    ['shop;rm', /lowercase letters, digits/],
    ['café-shop', /lowercase letters, digits/],
    ['1shop', /Start with a lowercase letter/],
    ['-shop', /Start with a lowercase letter/],
    ['shop-', /Don't end with '-'/],
    ['api', /reserved/],
    ['admin', /reserved/],
    ['www', /reserved/],
    ['default', /reserved/],
    ['kube-system', /reserved/],
    ['storefleet', /reserved/],
    ['kube-public', /reserved/],
    ['dashboard', /reserved/],
    ['localhost', /reserved/],
  ])('refuses %j', (name, message) => {
    const problems = validateStoreName(name);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(message);
  });

  it('lists every broken rule, not just the first', () => {
    const problems = validateStoreName('9Shop-');
    expect(problems).toHaveLength(3);
  });

  it('treats reserved names as exact matches only', () => {
    expect(validateStoreName('api-shop')).toEqual([]);
    expect(validateStoreName('my-admin')).toEqual([]);
  });
});

describe('validateEngine', () => {
  it('accepts the two engines and nothing else', () => {
    expect(validateEngine('woocommerce')).toEqual([]);
    expect(validateEngine('medusa')).toEqual([]);
    expect(validateEngine('')).toHaveLength(1);
    expect(validateEngine('shopify')).toHaveLength(1);
    expect(validateEngine('WooCommerce')).toHaveLength(1);
  });
});

describe('validateStoreForm', () => {
  it('returns no errors for a valid form', () => {
    expect(validateStoreForm({ storeName: 'my-shop', engine: 'medusa' })).toEqual({});
  });

  it('reports the first problem of each field', () => {
    const errors = validateStoreForm({ storeName: 'ab', engine: 'nope' });
    expect(errors.storeName).toMatch(/3 to 40/);
    expect(errors.engine).toMatch(/Choose an engine/);
  });
});
