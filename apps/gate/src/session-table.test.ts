import { describe, expect, it } from 'vitest';
import { SessionTable, type Session } from './session-table.js';

function session(connId: string, hall: string | null, game: string | null = null): Session {
  return { connId, userId: `u-${connId}`, name: connId, hall, previousHall: null, game, roomId: game ? `room-${connId}` : null };
}

describe('SessionTable', () => {
  it('indexes sessions by hall and game and keeps the indexes in step', () => {
    const t = new SessionTable();
    t.add(session('a', 'hall001'));
    t.add(session('b', 'hall001', 'game001'));
    t.add(session('c', 'hall002', 'game001'));
    expect(t.size).toBe(3);
    expect(t.onHall('hall001').map((s) => s.connId)).toEqual(['a', 'b']);
    expect(t.onGame('game001').map((s) => s.connId)).toEqual(['b', 'c']);

    t.bindHall('a', 'hall002');
    expect(t.onHall('hall001').map((s) => s.connId)).toEqual(['b']);
    expect(t.onHall('hall002').map((s) => s.connId)).toEqual(['c', 'a']);
    expect(t.get('a')?.previousHall).toBe('hall001');

    t.bindGame('b', null, 'ignored');
    expect(t.get('b')).toMatchObject({ game: null, roomId: null });
    expect(t.onGame('game001').map((s) => s.connId)).toEqual(['c']);
    t.bindGame('a', 'game002', 'r9');
    expect(t.onGame('game002').map((s) => s.connId)).toEqual(['a']);

    expect(t.delete('c')?.connId).toBe('c');
    expect(t.onHall('hall002').map((s) => s.connId)).toEqual(['a']);
    expect(t.onGame('game001')).toEqual([]);
    expect(t.delete('c')).toBeUndefined();
  });

  it('tracks sessions without a hall, remembering the last one', () => {
    const t = new SessionTable();
    t.add(session('a', 'hall001'));
    t.bindHall('a', null);
    expect(t.withoutHall().map((s) => s.connId)).toEqual(['a']);
    expect(t.get('a')).toMatchObject({ hall: null, previousHall: 'hall001' });
    expect(t.onHall('hall001')).toEqual([]);
    t.bindHall('a', 'hall003');
    expect(t.withoutHall()).toEqual([]);
  });

  it('re-adding a connection replaces its old entry everywhere', () => {
    const t = new SessionTable();
    t.add(session('a', 'hall001', 'game001'));
    t.add(session('a', 'hall002'));
    expect(t.size).toBe(1);
    expect(t.onHall('hall001')).toEqual([]);
    expect(t.onGame('game001')).toEqual([]);
    expect(t.onHall('hall002')).toHaveLength(1);
  });
});
