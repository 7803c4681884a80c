import type { HallwayClient } from '@hallway/client';
import type { GameState } from '@hallway/protocol';
import { getFreePort } from '@hallway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlayer, Launcher, nextPush } from './launcher.js';

describe('pnpm start without Redis: one process on the in-memory bus', () => {
  let launcher: Launcher;
  let gateUrl: string;
  const clients: HallwayClient[] = [];

  beforeAll(async () => {
    const gatePort = await getFreePort();
    const observerPort = await getFreePort();
    gateUrl = `ws://127.0.0.1:${gatePort}`;
    // An empty PATH: no redis-server to be found, and no REDIS_URL.
    launcher = new Launcher(['--gate-port', String(gatePort), '--observer-port', String(observerPort)], { PATH: '' });
    await launcher.waitFor(/Ctrl-C stops everything/);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await launcher?.dispose();
  });

  it('warns that this is single-process dev mode, and starts no child process', async () => {
    expect(launcher.output).toContain('SINGLE-PROCESS DEV MODE because REDIS_URL is not set and no redis-server is on PATH');
    expect(launcher.output).toContain('ONE process, in-memory bus (no Redis)');
    expect(await launcher.childPids()).toEqual([]);
  });

  it('serves log in, chat, quick match and a move', async () => {
    const alice = await connectPlayer(gateUrl, 'alice');
    const bob = await connectPlayer(gateUrl, 'bob');
    clients.push(alice, bob);

    const heard = nextPush<{ text: string }>(bob, 'hall.chat', (b) => b.text === 'anyone for a game?');
    await alice.chat('anyone for a game?');
    await heard;

    const aliceState = nextPush<GameState>(alice, 'game.state', (s) => s.status === 'playing');
    const bobState = nextPush<GameState>(bob, 'game.state', (s) => s.status === 'playing');
    expect(await alice.request('hall.quickMatch', {})).toEqual({ status: 'waiting' });
    expect(await bob.request('hall.quickMatch', {})).toMatchObject({ status: 'matched' });
    const [state] = await Promise.all([aliceState, bobState]);

    const x = state.players.find((p) => p.mark === 'X');
    const [mover, other] = x?.userId === alice.session?.userId ? [alice, bob] : [bob, alice];
    const seen = nextPush<GameState>(other, 'game.state', (s) => s.moves === 1);
    const after = await mover.request<GameState>('game.move', { cell: 4 });
    expect(after.board[4]).toBe('X');
    expect((await seen).board[4]).toBe('X');
  });

  it('stops on SIGINT and exits 0', async () => {
    launcher.signal('SIGINT');
    const exit = await Promise.race([launcher.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(exit, launcher.output.slice(-3000)).toEqual({ code: 0, signal: null });
    expect(launcher.output).toMatch(/observer +\| \* stopped \(exit code 0\)/);
  });
});
