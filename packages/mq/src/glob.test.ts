import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';

describe('globToRegExp', () => {
  it('matches like Redis PSUBSCRIBE', () => {
    expect(globToRegExp('channel:hall*').test('channel:hall001')).toBe(true);
    expect(globToRegExp('channel:hall*').test('channel:gate001')).toBe(false);
    expect(globToRegExp('h?llo').test('hallo')).toBe(true);
    expect(globToRegExp('h[ae]llo').test('hello')).toBe(true);
    expect(globToRegExp('h[^e]llo').test('hello')).toBe(false);
    expect(globToRegExp('h[a-b]llo').test('hbllo')).toBe(true);
    expect(globToRegExp('a.b\\*').test('a.b*')).toBe(true);
    expect(globToRegExp('a.b\\*').test('axb*')).toBe(false);
  });
});
