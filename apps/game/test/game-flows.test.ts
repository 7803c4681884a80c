import { MemoryBroker, MemoryBus } from '@hallway/mq';
import type { GameState, Player, RoomInfo, ServerInfo, SessionRef } from '@hallway/protocol';
import { createManualRuntime, type ManualRuntime } from '@hallway/runtime';
import { MemoryStore } from '@hallway/store';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameOptions } from '../src/game-context.js';
import { createGame, type Game } from '../src/game.js';
import { FakeGate } from '@hallway/runtime/testing';

interface Cluster {
  store: MemoryStore;
  runtime: ManualRuntime;
  /** Stands in for a hall: sends game.createRoom / joinRoom / rejoin / playerDisconnected. */
  hall: MemoryBus;
  gate: FakeGate;
  game: Game;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

function info(id: string, type: ServerInfo['type']): ServerInfo {
  return { id, type, epoch: 1, load: 0, meta: {} };
}

async function startCluster(options: Partial<GameOptions> = {}, store = new MemoryStore()): Promise<Cluster> {
  const broker = new MemoryBroker();
  const bus = new MemoryBus({ serverId: 'game001', broker });
  await bus.start();
  const runtime = createManualRuntime({ type: 'game', bus, store });
  runtime.applyCluster({
    version: 1,
    permissions: { gate: ['gate001'], hall: ['hall001'], observer: ['observer'] },
    servers: [info('gate001', 'gate'), info('hall001', 'hall')],
  });
  const hall = new MemoryBus({ serverId: 'hall001', broker, permissions: { game: ['game001'] } });
  await hall.start();
  const gate = new FakeGate('gate001', { broker, permissions: { game: ['game001'], hall: ['hall001'] } });
  await gate.start();
  const game = createGame({ runtime, config: { rejoinGraceMs: 30_000, finishedRoomTtlMs: 30_000, ...options } });
  await game.start();
  open.push(async () => {
    await runtime.shutdown('test over');
    await hall.close({ drainMs: 100 });
    await gate.close();
    await store.close();
  });
  return { store, runtime, hall, gate, game };
}

function asPlayer(s: SessionRef): Player {
  return { userId: s.userId, name: s.name, gate: s.gate, connId: s.connId };
}

function createRoom(c: Cluster, players: SessionRef[], name = 'test room'): Promise<RoomInfo> {
  return c.hall.request<RoomInfo>('game001', 'game.createRoom', { name, players: players.map(asPlayer) });
}

/** Two players in a running room: alice is X, bob is O. */
async function playingRoom(c: Cluster): Promise<{ alice: SessionRef; bob: SessionRef; room: RoomInfo }> {
  const alice = c.gate.attach('alice', 'Alice');
  const bob = c.gate.attach('bob', 'Bob');
  const room = await createRoom(c, [alice, bob]);
  await c.gate.next<GameState>(bob, 'game.state');
  return { alice, bob, room };
}

async function play(c: Cluster, moves: [SessionRef, number][]): Promise<GameState> {
  let last: GameState | undefined;
  for (const [who, cell] of moves) last = await c.gate.send<GameState>(who, 'game.move', { cell });
  if (!last) throw new Error('no moves');
  return last;
}

describe('game server flows', () => {
  it('creates a running room for two players: binds both, pushes hall.matched then game.state', async () => {
    const c = await startCluster();
    const { alice, bob, room } = await playingRoom(c);
    expect(room).toMatchObject({ game: 'game001', kind: 'tictactoe', status: 'playing', capacity: 2, name: 'test room' });
    expect(room.roomId).toMatch(/^game001-/);
    for (const s of [alice, bob]) {
      expect(c.gate.binding(s)).toEqual({ game: 'game001', roomId: room.roomId });
      expect(c.gate.inbox(s).map((f) => f.route)).toEqual(['hall.matched', 'game.state']);
      expect(c.gate.inbox(s, 'hall.matched')[0]?.body).toEqual({ room });
    }
    const state = await c.gate.next<GameState>(alice, 'game.state');
    expect(state).toMatchObject({ status: 'playing', turn: 'alice', moves: 0, winner: null, result: null });
    expect(state.players.map((p) => [p.userId, p.mark, p.connected])).toEqual([
      ['alice', 'X', true],
      ['bob', 'O', true],
    ]);
    expect(await c.store.getRoom(room.roomId)).toEqual(room);
    expect(await c.store.getUserRoom('alice')).toBe(room.roomId);
    expect(await c.store.getUserRoom('bob')).toBe(room.roomId);
    expect(c.runtime.load).toBe(1);
  });

  it('plays a game to a win, refusing moves out of turn, on taken cells and after the end', async () => {
    const c = await startCluster();
    const { alice, bob, room } = await playingRoom(c);
    await expect(c.gate.send(bob, 'game.move', { cell: 0 })).rejects.toMatchObject({ code: 'NOT_YOUR_TURN' });
    await play(c, [[alice, 4]]);
    await expect(c.gate.send(bob, 'game.move', { cell: 4 })).rejects.toMatchObject({ code: 'ILLEGAL_MOVE' });
    await expect(c.gate.send(bob, 'game.move', { cell: 9 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const final = await play(c, [
      [bob, 0],
      [alice, 3],
      [bob, 1],
      [alice, 5],
    ]);
    expect(final).toMatchObject({ status: 'finished', winner: 'alice', result: 'win', turn: null, moves: 5 });
    expect(final.board).toEqual(['O', 'O', null, 'X', 'X', 'X', null, null, null]);
    await expect(c.gate.send(bob, 'game.move', { cell: 8 })).rejects.toMatchObject({ code: 'GAME_OVER' });
    // Both saw every change, the last one being the final state.
    for (const s of [alice, bob]) expect(await c.gate.next<GameState>(s, 'game.state', (g) => g.moves === 5)).toEqual(final);
    expect(c.gate.inbox(bob, 'game.state')).toHaveLength(6);
    expect(await c.gate.send(bob, 'game.state')).toEqual(final);
    expect((await c.store.getRoom(room.roomId))?.status).toBe('finished');
    const metrics = await c.runtime.metrics.getSingleMetricAsString('hallway_game_games_finished_total');
    expect(metrics).toContain('result="win"} 1');
  });

  it('plays a game to a draw', async () => {
    const c = await startCluster();
    const { alice, bob } = await playingRoom(c);
    const final = await play(c, [
      [alice, 0],
      [bob, 1],
      [alice, 2],
      [bob, 4],
      [alice, 3],
      [bob, 5],
      [alice, 7],
      [bob, 6],
      [alice, 8],
    ]);
    expect(final).toMatchObject({ status: 'finished', winner: null, result: 'draw', moves: 9 });
  });

  it('a second player joins a waiting room and starts the game; a third is refused', async () => {
    const c = await startCluster();
    const alice = c.gate.attach('alice');
    const bob = c.gate.attach('bob');
    const carol = c.gate.attach('carol');
    const waiting = await createRoom(c, [alice]);
    expect(waiting.status).toBe('waiting');
    expect(await c.gate.next<GameState>(alice, 'game.state')).toMatchObject({ status: 'waiting', turn: null });
    await expect(c.gate.send(alice, 'game.move', { cell: 0 })).rejects.toMatchObject({ code: 'NOT_YOUR_TURN' });

    const joined = await c.hall.request<RoomInfo>('game001', 'game.joinRoom', { roomId: waiting.roomId, player: asPlayer(bob) });
    expect(joined).toMatchObject({ status: 'playing', players: [{ userId: 'alice' }, { userId: 'bob' }] });
    expect(c.gate.binding(bob)).toEqual({ game: 'game001', roomId: waiting.roomId });
    await c.gate.next<GameState>(alice, 'game.state', (s) => s.status === 'playing');
    await c.gate.next<GameState>(bob, 'game.state', (s) => s.status === 'playing' && s.turn === 'alice');

    const join = (who: SessionRef, roomId = waiting.roomId) => c.hall.request('game001', 'game.joinRoom', { roomId, player: asPlayer(who) });
    await expect(join(carol)).rejects.toMatchObject({ code: 'ROOM_FULL' });
    await expect(join(bob)).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
    await expect(join(carol, 'game001-nope')).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' });
    await expect(createRoom(c, [alice])).rejects.toMatchObject({ code: 'ALREADY_IN_ROOM' });
    await expect(c.hall.request('game001', 'game.createRoom', { name: 'x', players: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('room chat reaches everyone in the room', async () => {
    const c = await startCluster();
    const { alice, bob } = await playingRoom(c);
    expect(await c.gate.send(bob, 'game.chat', { text: 'gl hf' })).toEqual({});
    for (const s of [alice, bob]) {
      const chat = await c.gate.next<{ from: unknown; text: string; ts: number }>(s, 'game.chat');
      expect(chat).toMatchObject({ from: { userId: 'bob', name: 'Bob' }, text: 'gl hf' });
      expect(chat.ts).toBeGreaterThan(0);
    }
    await expect(c.gate.send(bob, 'game.chat', { text: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('leaving a running game forfeits it, unbinds the leaver and closes the room when the last one leaves', async () => {
    const c = await startCluster();
    const { alice, bob, room } = await playingRoom(c);
    expect(await c.gate.send(alice, 'game.leave')).toEqual({});
    expect(c.gate.binding(alice)).toEqual({ game: null, roomId: null });
    expect(c.gate.inbox(alice, 'game.left').map((f) => f.body)).toEqual([{ roomId: room.roomId, reason: 'left' }]);
    const seen = await c.gate.next<GameState>(bob, 'game.state', (s) => s.status === 'finished');
    expect(seen).toMatchObject({ winner: 'bob', result: 'forfeit' });
    expect(seen.players.find((p) => p.userId === 'alice')?.connected).toBe(false);
    expect(await c.store.getUserRoom('alice')).toBeUndefined();
    await expect(c.gate.send(alice, 'game.state')).rejects.toMatchObject({ code: 'NOT_BOUND' });

    await c.gate.send(bob, 'game.leave');
    expect(c.gate.inbox(bob, 'game.left').map((f) => f.body)).toEqual([{ roomId: room.roomId, reason: 'left' }]);
    expect(await c.store.getRoom(room.roomId)).toBeUndefined();
    expect(await c.store.getUserRoom('bob')).toBeUndefined();
    expect(c.game.context.registry.size).toBe(0);
    expect(c.runtime.load).toBe(0);
  });

  it('a dropped player keeps the seat and comes back on a new connection within the grace period', async () => {
    const c = await startCluster({ rejoinGraceMs: 10_000 });
    const { alice, bob, room } = await playingRoom(c);
    await play(c, [[alice, 4]]);
    await c.hall.publish('game001', 'game.playerDisconnected', { roomId: room.roomId, userId: 'bob' });
    const seen = await c.gate.next<GameState>(alice, 'game.state', (s) => s.players[1]?.connected === false);
    expect(seen.status).toBe('playing');
    expect(c.game.context.timers.hasGrace(room.roomId, 'bob')).toBe(true);

    const bob2 = c.gate.attach('bob', 'Bob');
    const back = await c.hall.request<RoomInfo>('game001', 'game.rejoin', { roomId: room.roomId, player: asPlayer(bob2) });
    expect(back.roomId).toBe(room.roomId);
    expect(c.game.context.timers.hasGrace(room.roomId, 'bob')).toBe(false);
    expect(c.gate.binding(bob2)).toEqual({ game: 'game001', roomId: room.roomId });
    const state = await c.gate.next<GameState>(bob2, 'game.state');
    expect(state).toMatchObject({ moves: 1, turn: 'bob' });
    expect(state.players.every((p) => p.connected)).toBe(true);
    // The seat follows the new connection: the old one can no longer play.
    await expect(c.gate.send(bob, 'game.move', { cell: 0 })).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    expect(await c.gate.send<GameState>(bob2, 'game.move', { cell: 0 })).toMatchObject({ moves: 2 });
    await expect(c.hall.request('game001', 'game.rejoin', { roomId: 'game001-gone', player: asPlayer(bob2) })).rejects.toMatchObject({
      code: 'ROOM_NOT_FOUND',
    });
  });

  it('a player who does not come back within the grace period forfeits', async () => {
    const c = await startCluster({ rejoinGraceMs: 100 });
    const { alice, room } = await playingRoom(c);
    await c.hall.publish('game001', 'game.playerDisconnected', { roomId: room.roomId, userId: 'bob' });
    const final = await c.gate.next<GameState>(alice, 'game.state', (s) => s.status === 'finished');
    expect(final).toMatchObject({ winner: 'alice', result: 'forfeit' });
    expect(await c.store.getUserRoom('bob')).toBeUndefined();
    expect(await c.store.getUserRoom('alice')).toBe(room.roomId);
    await expect(c.hall.request('game001', 'game.rejoin', { roomId: room.roomId, player: asPlayer(c.gate.attach('bob')) })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });
  });

  it('an abandoned waiting room closes when its only player does not come back', async () => {
    const c = await startCluster({ rejoinGraceMs: 50 });
    const alice = c.gate.attach('alice');
    const room = await createRoom(c, [alice]);
    await c.hall.publish('game001', 'game.playerDisconnected', { roomId: room.roomId, userId: 'alice' });
    await expect.poll(() => c.store.getRoom(room.roomId), { timeout: 2_000 }).toBeUndefined();
    expect(await c.store.getUserRoom('alice')).toBeUndefined();
    expect(c.game.context.timers.size).toBe(0);
  });

  it('a finished room closes after a while and sends its players back to the lobby', async () => {
    const c = await startCluster({ finishedRoomTtlMs: 100 });
    const { alice, bob, room } = await playingRoom(c);
    await c.gate.send(alice, 'game.leave');
    await c.gate.next(bob, 'game.left', (b: { reason: string }) => b.reason === 'finished');
    expect(c.gate.binding(bob)).toEqual({ game: null, roomId: null });
    expect(await c.store.getRoom(room.roomId)).toBeUndefined();
    expect(await c.store.getUserRoom('bob')).toBeUndefined();
  });

  it('on shutdown every player goes back to the lobby (server_down) and the rooms leave the store', async () => {
    const c = await startCluster();
    const { alice, bob, room } = await playingRoom(c);
    await c.game.close();
    for (const s of [alice, bob]) {
      await c.gate.next(s, 'game.left');
      expect(c.gate.binding(s)).toEqual({ game: null, roomId: null });
      expect(c.gate.inbox(s, 'game.left').map((f) => f.body)).toEqual([{ roomId: room.roomId, reason: 'server_down' }]);
    }
    expect(await c.store.listRooms()).toEqual([]);
    expect(await c.store.getUserRoom('alice')).toBeUndefined();
    await expect(createRoom(c, [c.gate.attach('carol')])).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE' });
  });

  it('refuses malformed internal bodies and requests from outside any room', async () => {
    const c = await startCluster();
    const stranger = c.gate.attach('zed');
    await expect(c.hall.request('game001', 'game.createRoom', { players: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.hall.request('game001', 'client.game.state', { session: { connId: 'x' }, body: {} })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(c.hall.request('game001', 'client.game.state', { session: stranger, body: {} })).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    // A message with a bad body is dropped without harm.
    await c.hall.publish('game001', 'game.playerDisconnected', { roomId: 42 });
    await c.hall.publish('game001', 'game.playerDisconnected', { roomId: 'game001-none', userId: 'zed' });
    expect(await c.hall.request('game001', 'game.createRoom', { name: '', players: [asPlayer(stranger)] })).toMatchObject({ name: 'Tic-tac-toe' });
  });

  it('removes rooms a crashed predecessor left in the store', async () => {
    const store = new MemoryStore();
    const left: RoomInfo = { roomId: 'game001-1-abcdef', game: 'game001', kind: 'tictactoe', name: 'old', players: [], capacity: 2, status: 'playing', createdAt: 1 };
    const other: RoomInfo = { ...left, roomId: 'game002-1-abcdef', game: 'game002' };
    await store.putRoom(left);
    await store.putRoom(other);
    await startCluster({}, store);
    expect((await store.listRooms()).map((r) => r.roomId)).toEqual(['game002-1-abcdef']);
  });
});
