import { describe, expect, it } from 'vitest';
import { Permissions } from './permissions.js';

describe('Permissions', () => {
  it('allows listed ids and self, by type too', () => {
    const p = new Permissions('gate001', { hall: ['hall001', 'hall002'], observer: ['observer'] });
    expect(p.allows('hall002')).toBe(true);
    expect(p.allows('gate001')).toBe(true);
    expect(p.allows('game001')).toBe(false);
    expect(p.idsOf('hall')).toEqual(['hall001', 'hall002']);
    expect(p.idsOf('game')).toBeUndefined();
    p.replace({ game: ['game001'] });
    expect(p.allows('hall001')).toBe(false);
    expect(p.allows('game001')).toBe(true);
  });

  it('keeps its own copy of the list', () => {
    const ids = ['hall001'];
    const p = new Permissions('gate001', { hall: ids });
    ids.push('hall009');
    expect(p.allows('hall009')).toBe(false);
  });
});
