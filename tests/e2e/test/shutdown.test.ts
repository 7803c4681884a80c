import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster.js';
import { Player } from '../src/player.js';

/** SIGTERM: stop taking work, deregister, drain, exit 0 within 10 s — for every service. */
describe('orderly shutdown', () => {
  let cluster: Cluster;
  const players: Player[] = [];

  beforeAll(async () => {
    // A long DEAD_AFTER_MS: a server that leaves the view quickly can only have deregistered.
    cluster = await Cluster.start({ gates: 2, halls: 2, games: 1, env: { DEAD_AFTER_MS: '20000' } });
  });
  afterAll(async () => {
    for (const p of players) p.close();
    await cluster?.stop();
  });

  it('a hall deregisters at once, exits 0 within 10 s, and its players are rebound', async () => {
    const ivy = new Player(cluster.gateUrls[0]!, 'ivy');
    players.push(ivy);
    await ivy.connect();
    const proc = (await cluster.processOf(ivy.hall))!;
    const since = ivy.pushes.length;
    const t0 = Date.now();
    const exit = await proc.stop('SIGTERM', 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Gone from the observer's view long before DEAD_AFTER_MS (20 s): it said goodbye.
    await cluster.waitForServers({ hall: 1 }, 3000);
    const rebound = await ivy.waitForPush<{ hall: string }>('gate.rebound', () => true, 3000, since);
    expect(rebound.hall).not.toBe(ivy.hall);
    await expect(ivy.request('hall.echo', { ok: 1 })).resolves.toEqual({ ok: 1 });
  });

  it('a gate closes its sockets with 1001 and exits 0', async () => {
    const jay = new Player(cluster.gateUrls[1]!, 'jay');
    players.push(jay);
    await jay.connect();
    const gate = cluster.byApp('gate').find((p) => `ws://127.0.0.1:${p.env.GATE_PORT}` === cluster.gateUrls[1])!;
    const exit = await gate.stop('SIGTERM', 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    await cluster.waitForServers({ gate: 1 }, 3000);
    expect(jay.closed?.code).toBe(1001);
  });

  it('every remaining service exits 0 on SIGTERM within 10 s', async () => {
    const running = cluster.processes.filter((p) => !p.exited);
    const t0 = Date.now();
    const exits = await Promise.all(running.map((p) => p.stop('SIGTERM', 10_000)));
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(exits.map((e, i) => `${running[i]!.label}:${e.code}`)).toEqual(running.map((p) => `${p.label}:0`));
  });
});
