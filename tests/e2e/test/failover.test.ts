import type { GameState, RoomInfo } from '@hallway/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster.js';
import { Player } from '../src/player.js';

/** Replicas die (SIGKILL, no goodbye); players keep their sockets and carry on. */
describe('replica failures', () => {
  let cluster: Cluster;
  const players: Player[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ gates: 2, halls: 2, games: 2 });
  });
  afterAll(async () => {
    for (const p of players) p.close();
    await cluster?.stop();
  });

  async function join(gate: number, name: string): Promise<Player> {
    const p = new Player(cluster.gateUrls[gate]!, name);
    players.push(p);
    return p.connect();
  }

  it('rebinds a player to a live hall within 3 s of its hall being SIGKILLed, without reconnecting', async () => {
    const dave = await join(0, 'dave');
    const erin = await join(1, 'erin');
    const victim = await cluster.processOf(dave.hall);
    expect(victim, `process serving ${dave.hall}`).toBeDefined();
    const pushesBefore = dave.pushes.length;
    const t0 = Date.now();
    victim!.signal('SIGKILL');

    const rebound = await dave.waitForPush<{ hall: string; previous: string }>('gate.rebound', () => true, 3000, pushesBefore);
    expect(rebound.previous).toBe(dave.hall);
    expect(rebound.hall).not.toBe(dave.hall);
    // Chatting again, on the same socket.
    for (;;) {
      const ok = await dave.request('hall.chat', { text: 'still here' }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (Date.now() - t0 > 3000) throw new Error('could not chat within 3 s of the hall dying');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(Date.now() - t0).toBeLessThan(3000);
    await erin.waitForPush('hall.chat', (b: { text: string }) => b.text === 'still here');
    expect(dave.closed).toBeUndefined();
    // Bring the hall count back for the next test.
    await cluster.spawn('hall', { HTTP_PORT: String(await freePort()) });
    await cluster.waitForServers({ hall: 2 }, 15_000);
  });

  it('tells players and returns them to the lobby when their game server is SIGKILLed mid-game', async () => {
    const fay = await join(0, 'fay');
    const gus = await join(1, 'gus');
    await fay.request('hall.quickMatch', {});
    const matched = await gus.request<{ status: string; room: RoomInfo }>('hall.quickMatch', {});
    expect(matched.status).toBe('matched');
    const state = await fay.waitForPush<GameState>('game.state', (s) => s.roomId === matched.room.roomId);
    const first = state.turn === fay.userId ? fay : gus;
    await first.request('game.move', { cell: 4 });

    const game = await cluster.processOf(matched.room.game);
    expect(game, `process serving ${matched.room.game}`).toBeDefined();
    game!.signal('SIGKILL');

    for (const p of [fay, gus]) {
      const left = await p.waitForPush<{ roomId: string; reason: string }>('game.left', (b) => b.roomId === matched.room.roomId, 5000);
      expect(left.reason).toBe('server_down');
      await expect(p.request('game.move', { cell: 0 })).rejects.toMatchObject({ code: 'NOT_BOUND' });
      await expect(p.request('hall.echo', { back: 'in the lobby' })).resolves.toEqual({ back: 'in the lobby' });
    }
    const rooms = await fay.request<{ rooms: RoomInfo[] }>('hall.rooms', {});
    expect(rooms.rooms.map((r) => r.roomId)).not.toContain(matched.room.roomId);
    // And they can play again on the surviving game server.
    await fay.request('hall.quickMatch', {});
    const again = await gus.request<{ status: string; room: RoomInfo }>('hall.quickMatch', {});
    expect(again.status).toBe('matched');
    expect(again.room.game).not.toBe(matched.room.game);
  });
});

async function freePort(): Promise<number> {
  const { getFreePort } = await import('@hallway/testkit');
  return getFreePort();
}
