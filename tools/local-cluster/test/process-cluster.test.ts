import { existsSync } from 'node:fs';
import type { HallwayClient } from '@hallway/client';
import { getFreePort, waitUntil } from '@hallway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlayer, isAlive, Launcher, nextPush } from './launcher.js';

interface ClusterBody {
  servers: { id: string; type: string }[];
}

describe('pnpm start with redis-server installed: real processes on a private Redis', () => {
  let launcher: Launcher;
  let gateUrl: string;
  let observerUrl: string;
  const clients: HallwayClient[] = [];

  const servers = async (): Promise<ClusterBody['servers']> => ((await (await fetch(`${observerUrl}/cluster`)).json()) as ClusterBody).servers;
  const countOf = (list: ClusterBody['servers'], type: string): number => list.filter((s) => s.type === type).length;

  beforeAll(async () => {
    const gatePort = await getFreePort();
    const observerPort = await getFreePort();
    gateUrl = `ws://127.0.0.1:${gatePort}`;
    observerUrl = `http://127.0.0.1:${observerPort}`;
    launcher = new Launcher(['--gate-port', String(gatePort), '--observer-port', String(observerPort)], {
      PATH: process.env.PATH ?? '',
      ...(process.env.REDIS_SERVER_BIN ? { REDIS_SERVER_BIN: process.env.REDIS_SERVER_BIN } : {}),
      // Handed through to every service: a killed game is dropped within a second.
      HEARTBEAT_MS: '250',
      DEAD_AFTER_MS: '1000',
    });
    await launcher.waitFor(/Ctrl-C stops everything/);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await launcher?.dispose();
  });

  it('says where to connect, where the dashboard is and how to play', () => {
    expect(launcher.output).toContain(`connect a client   ws://localhost:${new URL(gateUrl).port}`);
    expect(launcher.output).toContain(`dashboard          http://localhost:${new URL(observerUrl).port}/`);
    expect(launcher.output).toContain(`pnpm play --url ws://localhost:${new URL(gateUrl).port}`);
    expect(launcher.output).toMatch(/real processes on a private redis-server \(redis:\/\/127\.0\.0\.1:\d+\)/);
    // Every service's lines carry its label; pino JSON is made readable.
    expect(launcher.output).toMatch(/^hall#2 +\| \d\d:\d\d:\d\d\.\d{3} INFO {2}\[hall\] hall started/m);
    expect(launcher.output).not.toMatch(/^\S+ +\| \{"level"/m);
  });

  it('lists 1 gate, 2 halls and 2 games on the observer, each a process of its own', async () => {
    const list = await servers();
    expect([countOf(list, 'gate'), countOf(list, 'hall'), countOf(list, 'game')]).toEqual([1, 2, 2]);
    const commands = await Promise.all((await launcher.childPids()).map((pid) => Launcher.commandOf(pid)));
    const apps = commands.map((c) => /apps\/(\w+)\/dist\/main\.js/.exec(c)?.[1] ?? (c.includes('redis-server') ? 'redis' : c)).sort();
    expect(apps).toEqual(['game', 'game', 'gate', 'hall', 'hall', 'observer', 'redis']);
  });

  it('serves a client: log in and chat', async () => {
    const alice = await connectPlayer(gateUrl, 'alice');
    clients.push(alice);
    const heard = nextPush<{ text: string; from: { name: string } }>(alice, 'hall.chat', (b) => b.text === 'hello, cluster');
    await alice.chat('hello, cluster');
    expect((await heard).from.name).toBe('alice');
  });

  it('reports a service that dies, and keeps the rest running', async () => {
    const pids = await launcher.childPids();
    const commands = await Promise.all(pids.map((pid) => Launcher.commandOf(pid)));
    const gamePid = pids[commands.findIndex((c) => c.includes('apps/game/dist/main.js'))] ?? 0;
    expect(gamePid).toBeGreaterThan(0);
    process.kill(gamePid, 'SIGKILL');
    await launcher.waitFor(/game#\d exited unexpectedly \(killed by SIGKILL\); the rest of the cluster keeps running/, 10_000);
    await waitUntil(async () => countOf(await servers(), 'game') === 1, { timeoutMs: 10_000, description: 'the observer to drop the dead game' });
    const [alice] = clients;
    const heard = nextPush<{ text: string }>(alice!, 'hall.chat', (b) => b.text === 'still here');
    await alice!.chat('still here');
    await heard;
  });

  it('stops everything on SIGINT: every child exits, the launcher exits 0 within 15 s', async () => {
    const pids = await launcher.childPids();
    expect(pids).toHaveLength(6); // observer, gate, 2 halls, 1 game left, redis-server
    const redisDir = /no persistence, in (\S+)/.exec(launcher.output)?.[1] ?? '';
    expect(existsSync(redisDir)).toBe(true);
    const started = Date.now();
    launcher.signal('SIGINT');
    const exit = await Promise.race([launcher.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(exit, launcher.output.slice(-3000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(redisDir)).toBe(false);
    expect(launcher.output).toMatch(/gate#1 +\| \* stopped \(exit code 0\)/);
    expect(launcher.output).toMatch(/observer +\| \* stopped \(exit code 0\)/);
  });
});
