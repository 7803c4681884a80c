import { describe, expect, it } from 'vitest';
import { isPlainData } from './plain-data.js';

describe('isPlainData', () => {
  it('accepts JSON-like data and byte arrays', () => {
    expect(isPlainData({ a: [1, 'b', null, { c: true }], d: new Uint8Array(2) })).toBe(true);
    expect(isPlainData(Object.create(null))).toBe(true);
  });
  it('refuses class instances, __proto__ keys and deep nesting', () => {
    class X {}
    expect(isPlainData({ x: new X() })).toBe(false);
    expect(isPlainData(JSON.parse('{"__proto__": {"polluted": 1}}'))).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(isPlainData(deep)).toBe(false);
    expect(isPlainData(10n)).toBe(false);
  });
});
