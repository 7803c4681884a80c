import { describe, expect, it } from 'vitest';
import { pickHall, rendezvousScore } from './hall-picker.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
const halls = ['hall001', 'hall002', 'hall003', 'hall004'];

describe('pickHall (rendezvous hashing)', () => {
  it('is deterministic and independent of the order of the halls', () => {
    for (const key of keys.slice(0, 200)) {
      expect(pickHall(key, halls)).toBe(pickHall(key, [...halls].reverse()));
    }
    expect(pickHall('anyone', [])).toBeUndefined();
    expect(pickHall('anyone', ['hall007'])).toBe('hall007');
  });

  it('spreads keys evenly', () => {
    const counts = new Map<string, number>();
    for (const key of keys) {
      const hall = pickHall(key, halls)!;
      counts.set(hall, (counts.get(hall) ?? 0) + 1);
    }
    const expected = keys.length / halls.length;
    for (const hall of halls) expect(Math.abs((counts.get(hall) ?? 0) - expected) / expected).toBeLessThan(0.05);
  });

  it('adding a hall moves only the keys the new hall wins, about 1/n of them', () => {
    const before = new Map(keys.map((k) => [k, pickHall(k, halls)]));
    const after = new Map(keys.map((k) => [k, pickHall(k, [...halls, 'hall005'])]));
    let moved = 0;
    for (const key of keys) {
      if (before.get(key) === after.get(key)) continue;
      moved += 1;
      expect(after.get(key)).toBe('hall005'); // never from one old hall to another
    }
    expect(moved / keys.length).toBeGreaterThan(0.15);
    expect(moved / keys.length).toBeLessThan(0.25);
  });

  it('removing a hall moves only its own keys', () => {
    const without = halls.filter((hl) => hl !== 'hall002');
    for (const key of keys.slice(0, 5000)) {
      const before = pickHall(key, halls);
      if (before !== 'hall002') expect(pickHall(key, without)).toBe(before);
    }
  });

  it('scores differ between similar keys and servers', () => {
    expect(rendezvousScore('user-1', 'hall001')).not.toBe(rendezvousScore('user-2', 'hall001'));
    expect(rendezvousScore('user-1', 'hall001')).not.toBe(rendezvousScore('user-1', 'hall002'));
  });
});
