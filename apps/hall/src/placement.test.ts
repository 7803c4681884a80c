import type { ServerInfo } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { GamePlacement } from './placement.js';

function game(id: string, load: number): ServerInfo {
  return { id, type: 'game', epoch: 1, load, meta: {} };
}

describe('GamePlacement', () => {
  it('orders by load, then by id', () => {
    const p = new GamePlacement();
    const order = p.order([game('game003', 2), game('game002', 1), game('game001', 1), game('game004', 0)]);
    expect(order.map((s) => s.id)).toEqual(['game004', 'game001', 'game002', 'game003']);
  });

  it('counts its own placements until a new load figure arrives', () => {
    const p = new GamePlacement();
    const a = game('game001', 0);
    const b = game('game002', 1);
    p.record(a);
    p.record(a);
    // game001 now counts as 2: game002 (1) comes first.
    expect(p.order([a, b]).map((s) => s.id)).toEqual(['game002', 'game001']);
    // The observer reports game001's real load (1, say one room closed meanwhile): the extra count is dropped.
    const a2 = game('game001', 1);
    expect(p.loadOf(a2)).toBe(1);
    expect(p.order([a2, b]).map((s) => s.id)).toEqual(['game001', 'game002']);
  });

  it('forgets servers that left', () => {
    const p = new GamePlacement();
    p.record(game('game001', 0));
    p.order([game('game002', 0)]);
    expect(p.loadOf(game('game001', 0))).toBe(0);
  });
});
