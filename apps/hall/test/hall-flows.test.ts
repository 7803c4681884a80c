import { MemoryBroker, MemoryBus, type PermissionList } from '@hallway/mq';
import { CloseCode, type GameState, type QuickMatchReply, type RoomInfo, type SessionRef } from '@hallway/protocol';
import { MemoryStore } from '@hallway/store';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterOptions, type TestCluster } from './cluster.js';

const clusters: TestCluster[] = [];
afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
});

async function cluster(options: Partial<Omit<ClusterOptions, 'store' | 'bus'>> = {}): Promise<TestCluster> {
  const broker = new MemoryBroker();
  const c = await startCluster({
    store: new MemoryStore(),
    bus: (serverId: string, permissions: PermissionList) => new MemoryBus({ serverId, broker, permissions }),
    ...options,
  });
  clusters.push(c);
  return c;
}

async function login(c: TestCluster, name: string, extra: { resume?: string; userId?: string } = {}) {
  return c.gate.login('hall001', name, extra);
}

type Room = { room: RoomInfo };

describe('hall flows', () => {
  it('logs a guest in with a fresh id and a resume token, and records the presence', async () => {
    const c = await cluster();
    const { session, reply } = await login(c, 'alice');
    expect(reply).toMatchObject({ name: 'alice', hall: 'hall001' });
    expect(reply.userId).toMatch(/^g-[0-9a-f]{16}$/);
    expect(reply.resume).toMatch(/^r-/);
    expect(reply.room).toBeUndefined();
    expect(await c.store.getPresence(reply.userId)).toMatchObject({ gate: 'gate001', connId: session.connId, hall: 'hall001' });
    expect(c.hallRuntime.load).toBe(1);
    const other = await login(c, 'alice');
    expect(other.reply.userId).not.toBe(reply.userId);
    await expect(c.gate.bus.request('hall001', 'hall.login', { gate: 'gate001', name: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a resume token reclaims the identity; the new login replaces (kicks) the old connection', async () => {
    const c = await cluster();
    const first = await login(c, 'alice');
    const second = await login(c, 'alice again', { resume: first.reply.resume });
    expect(second.reply.userId).toBe(first.reply.userId);
    expect(second.reply.name).toBe('alice again');
    expect(c.gate.kicks).toEqual([{ connId: first.session.connId, code: CloseCode.REPLACED, reason: 'logged in elsewhere' }]);
    expect(c.gate.isOpen(first.session)).toBe(false);
    // The kicked connection's late disconnect must not take the new session's presence.
    await c.gate.bus.publish('hall001', 'hall.disconnected', first.session);
    await expect.poll(() => c.hallRuntime.load).toBe(1);
    expect(await c.store.getPresence(first.reply.userId)).toMatchObject({ connId: second.session.connId });
    // An unknown token is no error: a new guest.
    const third = await login(c, 'bob', { resume: 'r-unknown' });
    expect(third.reply.userId).not.toBe(first.reply.userId);
  });

  it('a verified user id from the gate is used as is; a second login of it kicks the first', async () => {
    const c = await cluster();
    const a = await login(c, 'Ann', { userId: 'user-42' });
    const b = await login(c, 'Ann', { userId: 'user-42' });
    expect(a.reply.userId).toBe('user-42');
    expect(b.reply.userId).toBe('user-42');
    expect(c.gate.kicks.map((k) => k.connId)).toEqual([a.session.connId]);
  });

  it('echo returns the body; chat reaches every player in the lobby', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    const bob = (await login(c, 'bob')).session;
    expect(await c.gate.send(alice, 'hall.echo', { x: [1, 'two'] })).toEqual({ x: [1, 'two'] });
    expect(await c.gate.send(alice, 'hall.chat', { text: 'hello all' })).toEqual({});
    for (const s of [alice, bob]) {
      const chat = await c.gate.next<{ from: unknown; text: string; ts: number }>(s, 'hall.chat');
      expect(chat).toMatchObject({ from: { userId: alice.userId, name: 'alice' }, text: 'hello all' });
    }
    await expect(c.gate.send(alice, 'hall.chat', { text: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.gate.send(alice, 'hall.chat', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a whisper reaches its target wherever connected, else USER_OFFLINE', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    const bob = (await login(c, 'bob')).session;
    expect(await c.gate.send(alice, 'hall.whisper', { to: bob.userId, text: 'psst' })).toEqual({});
    expect(await c.gate.next(bob, 'hall.whisper')).toMatchObject({ from: { userId: alice.userId, name: 'alice' }, text: 'psst' });
    expect(c.gate.inbox(alice, 'hall.whisper')).toEqual([]);
    await expect(c.gate.send(alice, 'hall.whisper', { to: 'g-nobody', text: 'hi' })).rejects.toMatchObject({ code: 'USER_OFFLINE' });
    await c.gate.disconnect(bob);
    await expect.poll(() => c.store.getPresence(bob.userId)).toBeUndefined();
    await expect(c.gate.send(alice, 'hall.whisper', { to: bob.userId, text: 'hi' })).rejects.toMatchObject({ code: 'USER_OFFLINE' });
  });

  it('create and join: both players are bound to the game with hall.matched and game.state; the room is listed', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    const bob = (await login(c, 'bob')).session;
    const created = await c.gate.send<Room>(alice, 'hall.createRoom', { name: 'fun' });
    expect(created.room).toMatchObject({ name: 'fun', status: 'waiting', game: 'game001', players: [{ userId: alice.userId }] });
    expect(c.gate.binding(alice)).toEqual({ game: 'game001', roomId: created.room.roomId });
    expect(await c.gate.send(bob, 'hall.rooms')).toEqual({ rooms: [created.room] });

    await expect(c.gate.send(alice, 'hall.createRoom', {})).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
    await expect(c.gate.send(bob, 'hall.joinRoom', { roomId: 'game001-nope' })).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' });
    const joined = await c.gate.send<Room>(bob, 'hall.joinRoom', { roomId: created.room.roomId });
    expect(joined.room).toMatchObject({ status: 'playing', players: [{ userId: alice.userId }, { userId: bob.userId }] });
    for (const s of [alice, bob]) {
      expect(c.gate.binding(s)).toEqual({ game: 'game001', roomId: created.room.roomId });
      expect(await c.gate.next(s, 'hall.matched')).toMatchObject({ room: { roomId: created.room.roomId } });
      expect(await c.gate.next<GameState>(s, 'game.state', (g) => g.status === 'playing')).toMatchObject({ turn: alice.userId });
    }
    const carol = (await login(c, 'carol')).session;
    await expect(c.gate.send(carol, 'hall.joinRoom', { roomId: created.room.roomId })).rejects.toMatchObject({ code: 'ROOM_FULL' });
    expect((await c.gate.send<{ rooms: RoomInfo[] }>(carol, 'hall.rooms')).rooms.map((r) => r.status)).toEqual(['playing']);
    // Lobby chat does not reach players in a room.
    await c.gate.send(carol, 'hall.chat', { text: 'anyone?' });
    await c.gate.next(carol, 'hall.chat');
    expect(c.gate.inbox(alice, 'hall.chat')).toEqual([]);
  });

  it('quick match pairs the waiting player with the next one, on the least-loaded game server', async () => {
    const c = await cluster({ gameLoads: [5, 1] });
    const alice = (await login(c, 'alice')).session;
    const bob = (await login(c, 'bob')).session;
    expect(await c.gate.send<QuickMatchReply>(alice, 'hall.quickMatch')).toEqual({ status: 'waiting' });
    expect(await c.gate.send<QuickMatchReply>(alice, 'hall.quickMatch', {})).toEqual({ status: 'waiting' });
    const matched = await c.gate.send<QuickMatchReply>(bob, 'hall.quickMatch');
    if (matched.status !== 'matched') throw new Error('expected a match');
    expect(matched.room).toMatchObject({ game: 'game002', status: 'playing', players: [{ userId: alice.userId }, { userId: bob.userId }] });
    const pushed = await c.gate.next<Room>(alice, 'hall.matched');
    expect(pushed.room.roomId).toBe(matched.room.roomId);
    // The longest-waiting player moves first.
    expect(await c.gate.next<GameState>(bob, 'game.state')).toMatchObject({ turn: alice.userId });
    expect(await c.hallRuntime.metrics.getSingleMetricAsString('hallway_hall_matches_total')).toContain('hallway_hall_matches_total 1');
    await expect(c.gate.send(alice, 'hall.quickMatch')).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
  });

  it('cancelMatch leaves the queue; a stale queue entry is skipped', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    const bob = (await login(c, 'bob')).session;
    await c.gate.send(alice, 'hall.quickMatch');
    expect(await c.gate.send(alice, 'hall.cancelMatch')).toEqual({ cancelled: true });
    expect(await c.gate.send(alice, 'hall.cancelMatch')).toEqual({ cancelled: false });
    // A player who vanished without a disconnect (no presence any more).
    await c.store.matchOrWait('tictactoe', { userId: 'g-ghost', name: 'ghost', gate: 'gate001', connId: 'c99', at: Date.now() }, 60_000);
    expect(await c.gate.send(bob, 'hall.quickMatch')).toEqual({ status: 'waiting' });
    expect(await c.gate.send<QuickMatchReply>(alice, 'hall.quickMatch')).toMatchObject({ status: 'matched' });
  });

  it('refuses to place rooms without a live game server', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    c.setLiveGames([]);
    await expect(c.gate.send(alice, 'hall.createRoom', {})).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE' });
    await expect(c.gate.send(alice, 'hall.quickMatch')).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE' });
  });

  it('a full game to a win, then both leave back to the lobby', async () => {
    const c = await cluster();
    const { alice, bob, roomId } = await matchedPair(c);
    for (const [who, cell] of [
      [alice, 0],
      [bob, 3],
      [alice, 1],
      [bob, 4],
    ] as const) {
      await c.gate.send(who, 'game.move', { cell });
    }
    await expect(c.gate.send(alice, 'game.move', { cell: 0 })).rejects.toMatchObject({ code: 'ILLEGAL_MOVE' });
    await expect(c.gate.send(bob, 'game.move', { cell: 5 })).rejects.toMatchObject({ code: 'NOT_YOUR_TURN' });
    const final = await c.gate.send<GameState>(alice, 'game.move', { cell: 2 });
    expect(final).toMatchObject({ status: 'finished', winner: alice.userId, result: 'win' });
    expect(await c.gate.next<GameState>(bob, 'game.state', (s) => s.status === 'finished')).toEqual(final);
    await c.gate.send(bob, 'game.chat', { text: 'gg' });
    expect(await c.gate.next(alice, 'game.chat')).toMatchObject({ text: 'gg', from: { userId: bob.userId } });
    // Finished rooms are not listed; players stay in them until they leave.
    expect(await c.gate.send(alice, 'hall.rooms')).toEqual({ rooms: [] });
    await expect(c.gate.send(alice, 'hall.quickMatch')).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
    for (const s of [alice, bob]) {
      await c.gate.send(s, 'game.leave');
      expect(c.gate.binding(s)).toEqual({ game: null, roomId: null });
      expect(c.gate.inbox(s, 'game.left').map((f) => f.body)).toEqual([{ roomId, reason: 'left' }]);
    }
    expect(await c.store.getRoom(roomId)).toBeUndefined();
    expect(await c.gate.send(alice, 'hall.quickMatch')).toEqual({ status: 'waiting' });
  });

  it('a dropped player logs in again with the resume token and is put back into the room', async () => {
    const c = await cluster();
    const { alice, bob, roomId, bobResume } = await matchedPair(c);
    await c.gate.send(alice, 'game.move', { cell: 4 });
    await c.gate.disconnect(bob);
    await c.gate.next<GameState>(alice, 'game.state', (s) => s.players.some((p) => p.userId === bob.userId && !p.connected));

    const back = await login(c, 'bob', { resume: bobResume });
    expect(back.reply.room).toEqual({ roomId, game: 'game001' });
    expect(c.gate.binding(back.session)).toEqual({ game: 'game001', roomId });
    expect(await c.gate.next(back.session, 'hall.matched')).toMatchObject({ room: { roomId } });
    expect(await c.gate.next<GameState>(back.session, 'game.state')).toMatchObject({ moves: 1, turn: bob.userId });
    await c.gate.next<GameState>(alice, 'game.state', (s) => s.players.every((p) => p.connected));
    expect(await c.gate.send<GameState>(back.session, 'game.move', { cell: 0 })).toMatchObject({ moves: 2 });
  });

  it('a replaced connection in a room: the seat moves to the new one, the old one\'s late disconnect changes nothing', async () => {
    const c = await cluster();
    const { alice, bob, roomId, bobResume } = await matchedPair(c);
    const again = await login(c, 'bob', { resume: bobResume });
    expect(again.reply.room).toEqual({ roomId, game: 'game001' });
    expect(c.gate.kicks.map((k) => k.connId)).toEqual([bob.connId]);
    await c.gate.bus.publish('hall001', 'hall.disconnected', bob);
    // Requests keyed like the disconnect run after it: hall (by user), then game (by room).
    await c.gate.send(again.session, 'hall.echo', {});
    const state = await c.gate.send<GameState>(alice, 'game.state');
    expect(state.players.every((p) => p.connected)).toBe(true);
    expect(await c.gate.send<GameState>(alice, 'game.move', { cell: 0 })).toMatchObject({ turn: bob.userId });
    expect(await c.gate.send<GameState>(again.session, 'game.move', { cell: 1 })).toMatchObject({ moves: 2 });
  });

  it('a dropped player who does not come back in time forfeits; a later login lands in the lobby', async () => {
    const c = await cluster({ game: { rejoinGraceMs: 100 } });
    const { alice, bob, bobResume } = await matchedPair(c);
    await c.gate.disconnect(bob);
    const final = await c.gate.next<GameState>(alice, 'game.state', (s) => s.status === 'finished');
    expect(final).toMatchObject({ winner: alice.userId, result: 'forfeit' });
    const back = await login(c, 'bob', { resume: bobResume });
    expect(back.reply.room).toBeUndefined();
    expect(c.gate.binding(back.session)).toEqual({ game: null, roomId: null });
  });

  it('forgets the players of a gate that left the cluster', async () => {
    const c = await cluster();
    const alice = (await login(c, 'alice')).session;
    expect(await c.store.getPresence(alice.userId)).toBeDefined();
    expect(c.hallRuntime.load).toBe(1);
    // The observer dropped gate001 (crashed): only game001 is left in the hall's view.
    c.hallRuntime.applyCluster({
      version: 1_000,
      permissions: { game: ['game001'], observer: ['observer'] },
      servers: [{ id: 'game001', type: 'game', epoch: 1, load: 0, meta: {} }],
    });
    await expect.poll(() => c.store.getPresence(alice.userId)).toBeUndefined();
    // No disconnect will ever come for its sessions: the hall's load forgets them too.
    expect(c.hallRuntime.load).toBe(0);
  });

  it('a room record of a dead game server does not keep a player out of the lobby', async () => {
    const c = await cluster({ gameLoads: [0, 0] });
    const alice = (await login(c, 'alice')).session;
    const { room } = await c.gate.send<Room>(alice, 'hall.createRoom', {});
    c.setLiveGames(['game001', 'game002'].filter((id) => id !== room.game));
    const again = await login(c, 'alice again', { userId: alice.userId });
    expect(again.reply.room).toBeUndefined();
    expect(await c.store.getUserRoom(alice.userId)).toBeUndefined();
    const moved = await c.gate.send<Room>(again.session, 'hall.createRoom', {});
    expect(moved.room.game).not.toBe(room.game);
  });
});

/** Two logged-in players matched into a room on game001: alice (X) and bob (O). */
async function matchedPair(c: TestCluster): Promise<{ alice: SessionRef; bob: SessionRef; roomId: string; bobResume: string }> {
  const alice = (await login(c, 'alice')).session;
  const bobLogin = await login(c, 'bob');
  await c.gate.send(alice, 'hall.quickMatch');
  const matched = await c.gate.send<QuickMatchReply>(bobLogin.session, 'hall.quickMatch');
  if (matched.status !== 'matched') throw new Error('expected a match');
  await c.gate.next(alice, 'game.state');
  return { alice, bob: bobLogin.session, roomId: matched.room.roomId, bobResume: bobLogin.reply.resume };
}
