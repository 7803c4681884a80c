import type { Player } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { Room } from './room.js';

const alice: Player = { userId: 'alice', name: 'Alice', gate: 'gate001', connId: 'c1' };
const bob: Player = { userId: 'bob', name: 'Bob', gate: 'gate002', connId: 'c2' };
const carol: Player = { userId: 'carol', name: 'Carol', gate: 'gate001', connId: 'c3' };

function playing(): Room {
  return new Room('r1', 'test', 1000, [alice, bob]);
}

describe('Room', () => {
  it('waits with one player, who is X', () => {
    const room = new Room('r1', 'test', 1000, [alice]);
    expect(room.status).toBe('waiting');
    expect(room.state()).toMatchObject({ status: 'waiting', turn: null, players: [{ userId: 'alice', mark: 'X', connected: true }] });
    expect(() => room.move('alice', 0)).toThrow(expect.objectContaining({ code: 'NOT_YOUR_TURN' }));
  });

  it('starts when the second player joins, X to move', () => {
    const room = new Room('r1', 'test', 1000, [alice]);
    const seated = room.add(bob);
    expect(seated.mark).toBe('O');
    expect(room.status).toBe('playing');
    expect(room.state().turn).toBe('alice');
    expect(room.info('game001')).toEqual({
      roomId: 'r1',
      game: 'game001',
      kind: 'tictactoe',
      name: 'test',
      players: [
        { userId: 'alice', name: 'Alice' },
        { userId: 'bob', name: 'Bob' },
      ],
      capacity: 2,
      status: 'playing',
      createdAt: 1000,
    });
  });

  it('refuses a third player, a duplicate, and too many players at creation', () => {
    const room = playing();
    expect(() => room.add(carol)).toThrow(expect.objectContaining({ code: 'ROOM_FULL' }));
    const waiting = new Room('r2', 'w', 1000, [alice]);
    expect(() => waiting.add(alice)).toThrow(expect.objectContaining({ code: 'ALREADY_IN_ROOM' }));
    expect(() => new Room('r3', 'x', 1000, [alice, bob, carol])).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('enforces turns and reports the winner', () => {
    const room = playing();
    expect(() => room.move('bob', 0)).toThrow(expect.objectContaining({ code: 'NOT_YOUR_TURN' }));
    expect(() => room.move('carol', 0)).toThrow(expect.objectContaining({ code: 'NOT_IN_ROOM' }));
    room.move('alice', 0);
    expect(() => room.move('bob', 0)).toThrow(expect.objectContaining({ code: 'ILLEGAL_MOVE' }));
    room.move('bob', 3);
    room.move('alice', 1);
    room.move('bob', 4);
    room.move('alice', 2);
    expect(room.state()).toMatchObject({ status: 'finished', winner: 'alice', result: 'win', turn: null, moves: 5 });
    expect(() => room.move('bob', 8)).toThrow(expect.objectContaining({ code: 'GAME_OVER' }));
    expect(() => room.add(carol)).toThrow(expect.objectContaining({ code: 'ROOM_NOT_FOUND' }));
  });

  it('reports a draw', () => {
    const room = playing();
    for (const [who, cell] of [
      ['alice', 0],
      ['bob', 1],
      ['alice', 2],
      ['bob', 4],
      ['alice', 3],
      ['bob', 5],
      ['alice', 7],
      ['bob', 6],
      ['alice', 8],
    ] as const) {
      room.move(who, cell);
    }
    expect(room.state()).toMatchObject({ status: 'finished', winner: null, result: 'draw', moves: 9 });
  });

  it('leaving a running game forfeits it; the leaver stays listed but not present', () => {
    const room = playing();
    room.move('alice', 4);
    room.leave('alice');
    expect(room.state()).toMatchObject({ status: 'finished', winner: 'bob', result: 'forfeit' });
    expect(room.state().players).toEqual([
      { userId: 'alice', name: 'Alice', mark: 'X', connected: false },
      { userId: 'bob', name: 'Bob', mark: 'O', connected: true },
    ]);
    expect(room.info('game001').players).toEqual([{ userId: 'bob', name: 'Bob' }]);
    expect(room.isEmpty).toBe(false);
    room.leave('bob');
    expect(room.isEmpty).toBe(true);
    expect(room.result).toBe('forfeit');
  });

  it('leaving a waiting room empties it', () => {
    const room = new Room('r1', 'test', 1000, [alice]);
    room.leave('alice');
    expect(room.isEmpty).toBe(true);
    expect(room.players).toHaveLength(0);
    expect(() => room.leave('alice')).toThrow(expect.objectContaining({ code: 'NOT_IN_ROOM' }));
  });

  it('tracks disconnects and reconnects to a new connection', () => {
    const room = playing();
    room.disconnect('bob');
    expect(room.reachable().map((p) => p.userId)).toEqual(['alice']);
    expect(room.state().players[1]?.connected).toBe(false);
    room.reconnect({ ...bob, gate: 'gate003', connId: 'c9' });
    expect(room.player('bob')).toMatchObject({ gate: 'gate003', connId: 'c9', connected: true });
    expect(room.reachable()).toHaveLength(2);
  });
});
