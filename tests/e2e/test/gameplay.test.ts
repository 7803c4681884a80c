import type { GameState, RoomInfo } from '@hallway/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster.js';
import { Player } from '../src/player.js';

/**
 * The whole cluster as real processes — redis-server, observer, two gates, two halls, two
 * games — and two players on different gates doing everything a player does.
 */
describe('a real cluster: two players on two gates', () => {
  let cluster: Cluster;
  const players: Player[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ gates: 2, halls: 2, games: 2 });
  });
  afterAll(async () => {
    for (const p of players) p.close();
    await cluster?.stop();
  });

  async function join(gate: number, name: string, format: 'json' | 'msgpack' = 'json'): Promise<Player> {
    const p = new Player(cluster.gateUrls[gate]!, name, format);
    players.push(p);
    return p.connect();
  }

  it('log in, chat, whisper, quick-match, play a game to a result and return to the lobby', async () => {
    const alice = await join(0, 'alice', 'json');
    const bob = await join(1, 'bob', 'msgpack');
    expect(alice.userId).not.toBe(bob.userId);
    expect(alice.hall).toMatch(/^hall\d{3}$/);

    // Lobby chat reaches every player on every gate.
    await alice.request('hall.chat', { text: 'hello lobby' });
    const chat = await bob.waitForPush<{ from: { userId: string; name: string }; text: string }>('hall.chat', (b) => b.text === 'hello lobby');
    expect(chat.from).toEqual({ userId: alice.userId, name: 'alice' });
    await alice.waitForPush('hall.chat', (b: { text: string }) => b.text === 'hello lobby');

    // A whisper reaches one player wherever connected; an unknown one is offline.
    await bob.request('hall.whisper', { to: alice.userId, text: 'psst' });
    const whisper = await alice.waitForPush<{ from: { userId: string }; text: string }>('hall.whisper');
    expect(whisper).toMatchObject({ from: { userId: bob.userId }, text: 'psst' });
    await expect(bob.request('hall.whisper', { to: 'nobody-here', text: 'hi' })).rejects.toMatchObject({ code: 'USER_OFFLINE' });

    // Quick match puts both into one room on a game server.
    const first = await alice.request<{ status: string }>('hall.quickMatch', {});
    expect(first.status).toBe('waiting');
    const second = await bob.request<{ status: string; room: RoomInfo }>('hall.quickMatch', {});
    expect(second.status).toBe('matched');
    const room = second.room;
    expect(room.players.map((p) => p.userId).sort()).toEqual([alice.userId, bob.userId].sort());
    await alice.waitForPush<{ room: RoomInfo }>('hall.matched', (b) => b.room.roomId === room.roomId);
    const start = await alice.waitForPush<GameState>('game.state', (s) => s.roomId === room.roomId);
    expect(start.status).toBe('playing');

    // The room is listed in the lobby.
    const listed = await alice.request<{ rooms: RoomInfo[] }>('hall.rooms', {});
    expect(listed.rooms.map((r) => r.roomId)).toContain(room.roomId);

    // Play: X takes the top row while O answers in the middle row.
    const byId = new Map([
      [alice.userId, alice],
      [bob.userId, bob],
    ]);
    const x = byId.get(start.turn!)!;
    const o = x === alice ? bob : alice;
    await expect(o.request('game.move', { cell: 4 })).rejects.toMatchObject({ code: 'NOT_YOUR_TURN' });
    await x.request('game.move', { cell: 0 });
    await expect(o.request('game.move', { cell: 0 })).rejects.toMatchObject({ code: 'ILLEGAL_MOVE' });
    await o.request('game.move', { cell: 3 });
    await x.request('game.move', { cell: 1 });
    await o.request('game.chat', { text: 'good luck' });
    await x.waitForPush<{ text: string }>('game.chat', (c) => c.text === 'good luck');
    await o.request('game.move', { cell: 4 });
    const final = await x.request<GameState>('game.move', { cell: 2 });
    expect(final).toMatchObject({ status: 'finished', result: 'win', winner: x.userId });
    const seenByO = await o.waitForPush<GameState>('game.state', (s) => s.status === 'finished');
    expect(seenByO.winner).toBe(x.userId);
    await expect(o.request('game.move', { cell: 8 })).rejects.toMatchObject({ code: 'GAME_OVER' });

    // Back to the lobby.
    for (const p of [alice, bob]) {
      await p.request('game.leave', {});
      await p.waitForPush('game.left');
      await expect(p.request('game.state', {})).rejects.toMatchObject({ code: 'NOT_BOUND' });
    }
    // Straight back into the queue: the room is forgotten before game.left arrives.
    await expect(alice.request('hall.quickMatch', {})).resolves.toEqual({ status: 'waiting' });
    await expect(alice.request('hall.cancelMatch', {})).resolves.toEqual({ cancelled: true });
    await bob.request('hall.chat', { text: 'gg' });
    await alice.waitForPush('hall.chat', (b: { text: string }) => b.text === 'gg');
  });

  it('logging in again elsewhere replaces the first session', async () => {
    const first = await join(0, 'carol');
    const resume = first.client.resumeToken!;
    const again = new Player(cluster.gateUrls[1]!, 'carol');
    players.push(again);
    await again.client.connect();
    const reply = await again.client.login({ name: 'carol', resume });
    expect(reply.userId).toBe(first.userId);
    await waitFor(() => first.closed !== undefined, 5000);
    expect(first.closed?.code).toBe(4000);
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
