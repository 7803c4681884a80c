import { describe, expect, it } from 'vitest';
import { Room } from './room.js';
import { RoomRegistry } from './room-registry.js';

const alice = { userId: 'alice', name: 'Alice', gate: 'gate001', connId: 'c1' };
const bob = { userId: 'bob', name: 'Bob', gate: 'gate001', connId: 'c2' };

describe('RoomRegistry', () => {
  it('mints distinct ids that name the server', () => {
    const registry = new RoomRegistry('game007');
    const ids = new Set(Array.from({ length: 100 }, () => registry.nextId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^game007-[0-9a-z]+-[0-9a-f]{6}$/);
    expect(new RoomRegistry('game007').nextId()).not.toBe(new RoomRegistry('game007').nextId());
  });

  it('finds rooms by id and by present player', () => {
    const registry = new RoomRegistry('game001');
    const room = new Room('r1', 'x', 0, [alice]);
    registry.add(room);
    expect(registry.get('r1')).toBe(room);
    expect(registry.roomOf('alice')).toBe(room);
    room.add(bob);
    registry.seat('bob', room);
    expect(registry.roomOf('bob')).toBe(room);
    room.leave('bob');
    expect(registry.roomOf('bob')).toBeUndefined();
    registry.unseat('bob', 'r1');
    expect(registry.size).toBe(1);
    registry.remove(room);
    expect(registry.size).toBe(0);
    expect(registry.roomOf('alice')).toBeUndefined();
    expect(registry.get('r1')).toBeUndefined();
  });

  it('keeps a newer seat when an old room is removed', () => {
    const registry = new RoomRegistry('game001');
    const old = new Room('r1', 'x', 0, [alice]);
    registry.add(old);
    old.leave('alice');
    const next = new Room('r2', 'y', 0, [alice]);
    registry.add(next);
    registry.remove(old);
    expect(registry.roomOf('alice')).toBe(next);
    expect(registry.all()).toEqual([next]);
  });
});
