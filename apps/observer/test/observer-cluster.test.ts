import { RedisBus } from '@hallway/mq';
import { HeartbeatReplySchema } from '@hallway/protocol';
import { FencedError, LeaseLostError, type StartedRuntime } from '@hallway/runtime';
import { startRedis, type RedisHandle } from '@hallway/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../src/cluster-snapshot.js';
import { baseEnv, Cluster, getJson, HEARTBEAT_MS, sleep, testLogger, uniquePrefixes, waitFor } from './helpers.js';

const DEAD_AFTER_MS = 4 * HEARTBEAT_MS;

let redis: RedisHandle;
let cluster: Cluster;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await cluster?.close();
});

function newCluster(): Cluster {
  cluster = new Cluster(baseEnv(redis.url, uniquePrefixes()));
  return cluster;
}

const permitted = (r: StartedRuntime) => JSON.stringify(r.bus.permissions);

describe('observer on a real Redis', () => {
  it('registers servers and pushes permission lists that follow the table', async () => {
    const c = newCluster();
    const { runtime: obs } = await c.observer();
    const [gate, hall, game] = await Promise.all([c.server('gate'), c.server('hall'), c.server('game')]);
    await waitFor(
      () =>
        permitted(gate!) === JSON.stringify({ hall: ['hall001'], game: ['game001'], observer: ['observer'] }) &&
        permitted(hall!) === JSON.stringify({ gate: ['gate001'], game: ['game001'], observer: ['observer'] }) &&
        permitted(game!) === JSON.stringify({ gate: ['gate001'], observer: ['observer'] }),
      5000,
      'permission lists per the table',
    );
    expect(hall!.ready && gate!.ready && game!.ready).toBe(true);
    expect(hall!.cluster.servers('game').map((s) => s.id)).toEqual(['game001']);
    expect(obs.bus.permissions).toEqual({ gate: ['gate001'], hall: ['hall001'], game: ['game001'] });

    // Load travels with heartbeats to the views of the others.
    game!.setLoad(7);
    await waitFor(() => hall!.cluster.get('game001')?.load === 7, 3000, 'game load in the hall view');

    const { status, body } = await getJson<ClusterSnapshot>(obs.httpPort, '/cluster');
    expect(status).toBe(200);
    expect(body.servers.map((s) => s.id)).toEqual(['game001', 'gate001', 'hall001']);
    for (const s of body.servers) {
      expect(s.age).toBeLessThan(DEAD_AFTER_MS);
      expect(s.lastHeartbeat).toBeGreaterThan(Date.now() - 10_000);
    }
    expect(body.servers.find((s) => s.id === 'game001')).toMatchObject({ type: 'game', epoch: game!.epoch, load: 7 });
    expect(body.permissions).toEqual({ gate: ['hall', 'game', 'observer'], hall: ['gate', 'game', 'observer'], game: ['gate', 'observer'] });
    expect(body.lists.hall001).toEqual({ gate: ['gate001'], game: ['game001'], observer: ['observer'] });
    expect(body.version).toBe(hall!.cluster.version);
    const metrics = await (await fetch(`http://127.0.0.1:${obs.httpPort}/metrics`)).text();
    expect(metrics).toContain('hallway_observer_servers{type="hall",server_id="observer"} 1');
    expect(metrics).toMatch(/^hallway_observer_heartbeats_total\{server_id="observer"\} [1-9]/m);
  });

  it('removes a crashed server within DEAD_AFTER_MS and updates the others', async () => {
    const c = newCluster();
    const { runtime: obs } = await c.observer();
    const gate = await c.server('gate');
    const [survivor, crashing] = await Promise.all([c.server('hall'), c.server('hall')]);
    await waitFor(() => gate.cluster.servers('hall').length === 2, 5000, 'both halls in the gate view');

    await crashing!.simulateCrash();
    const crashedAt = Date.now();
    await waitFor(
      () => JSON.stringify(gate.bus.permissions.hall) === JSON.stringify([survivor!.serverId]),
      5000,
      `${crashing!.serverId} dropped from the gate list`,
    );
    const took = Date.now() - crashedAt;
    // Last heartbeat ≤ 1 interval before the crash; the sweep runs every half interval.
    expect(took).toBeLessThan(DEAD_AFTER_MS + HEARTBEAT_MS);
    expect(took).toBeGreaterThan(DEAD_AFTER_MS - HEARTBEAT_MS - 50);
    expect(gate.cluster.has(crashing!.serverId)).toBe(false);
    const { body } = await getJson<ClusterSnapshot>(obs.httpPort, '/cluster');
    expect(body.servers.map((s) => s.id)).toEqual(['gate001', survivor!.serverId]);
    const metrics = await (await fetch(`http://127.0.0.1:${obs.httpPort}/metrics`)).text();
    expect(metrics).toContain('hallway_observer_removals_total{reason="dead",server_id="observer"} 1');
  });

  it('does not remove a server whose heartbeat is late once', async () => {
    const c = newCluster();
    const { observer } = await c.observer();
    const gate = await c.server('gate');
    const hall = await c.server('hall');
    await waitFor(() => gate.cluster.has('hall001'), 5000, 'hall in the gate view');
    const removed: string[] = [];
    gate.cluster.on('change', (change) => removed.push(...change.removed.map((s) => s.id)));

    hall.pauseHeartbeat(1.5 * HEARTBEAT_MS);
    const until = Date.now() + DEAD_AFTER_MS + 2 * HEARTBEAT_MS;
    let maxAge = 0;
    while (Date.now() < until) {
      const entry = observer.registry.get('hall001');
      expect(entry).toBeDefined();
      maxAge = Math.max(maxAge, Date.now() - entry!.lastSeen);
      await sleep(20);
    }
    // The pause really delayed the heartbeat past one interval…
    expect(maxAge).toBeGreaterThan(1.4 * HEARTBEAT_MS);
    // …and nobody was told the hall died.
    expect(removed).toEqual([]);
    expect(gate.bus.permissions.hall).toEqual(['hall001']);
  });

  it('removes a server that leaves at once and pushes the change', async () => {
    const c = newCluster();
    await c.observer();
    const gate = await c.server('gate');
    const hall = await c.server('hall');
    await waitFor(() => gate.cluster.has('hall001'), 5000, 'hall in the gate view');
    // The gate's own heartbeats (and their replies) pause, so only the push can tell it.
    gate.pauseHeartbeat(2 * HEARTBEAT_MS);
    await sleep(HEARTBEAT_MS);
    const started = Date.now();
    await hall.shutdown('test');
    await waitFor(() => !gate.cluster.has('hall001'), HEARTBEAT_MS / 2, 'hall pushed out of the gate view');
    expect(Date.now() - started).toBeLessThan(DEAD_AFTER_MS / 2);
    expect(gate.bus.permissions.hall).toEqual([]);
  });

  it('keeps every server across an observer restart on the same store', async () => {
    const c = newCluster();
    const first = await c.observer();
    const [gate, hall] = await Promise.all([c.server('gate'), c.server('hall')]);
    await waitFor(() => first.observer.registry.size === 2 && gate!.ready && hall!.ready, 5000, 'registration');
    const versionBefore = hall!.cluster.version;

    await first.runtime.shutdown('restart');
    const second = await c.observer();
    // Straight from the store, before any heartbeat reached the new observer.
    const { body } = await getJson<ClusterSnapshot>(second.runtime.httpPort, '/cluster');
    expect(body.servers.map((s) => s.id)).toEqual(['gate001', 'hall001']);
    expect(body.version).toBeGreaterThan(versionBefore);

    await sleep(DEAD_AFTER_MS + HEARTBEAT_MS);
    expect(second.observer.registry.servers().map((s) => s.id)).toEqual(['gate001', 'hall001']);
    // The servers accept the new observer's views: a game joining now reaches the hall.
    const game = await c.server('game');
    await waitFor(() => hall!.cluster.has('game001') && gate!.cluster.has('game001'), 5000, 'game001 in the views');
    expect(hall!.cluster.version).toBeGreaterThan(versionBefore);
    expect(game.ready).toBe(true);
  });

  it('drops a persisted server that does not come back after a restart', async () => {
    const c = newCluster();
    const first = await c.observer();
    const hall = await c.server('hall');
    await waitFor(() => hall.ready, 5000, 'registration');
    await hall.simulateCrash();
    await first.runtime.shutdown('restart');
    const second = await c.observer();
    expect(second.observer.registry.get('hall001')).toBeDefined();
    await waitFor(() => second.observer.registry.size === 0, DEAD_AFTER_MS + 2 * HEARTBEAT_MS, 'the dead hall to fall out');
  });

  it('fences a stale epoch', async () => {
    const c = newCluster();
    await c.observer();
    const hall = await c.server('hall');
    await waitFor(() => hall.ready, 5000, 'registration');

    // A predecessor of hall001 (lower epoch) still talking.
    const zombie = new RedisBus({ serverId: 'hall001', epoch: hall.epoch - 1, channelPrefix: c.env.CHANNEL_PREFIX!, redis: redis.url, logger: testLogger });
    try {
      await zombie.start();
      const reply = HeartbeatReplySchema.parse(
        await zombie.request('observer', 'cluster.heartbeat', { id: 'hall001', type: 'hall', epoch: hall.epoch - 1, load: 0, meta: {} }, { timeoutMs: 2000 }),
      );
      expect(reply).toEqual({ status: 'fenced', currentEpoch: hall.epoch });
    } finally {
      await zombie.close({ drainMs: 0 });
    }
    expect(hall.state).toBe('running');
  });

  it('stops a stalled server whose id was taken over while it was frozen', async () => {
    const c = newCluster();
    await c.observer();
    const fatal: Error[] = [];
    const stale = await c.server('hall', { SERVER_ID: 'hall001' }, { onFatal: (err) => fatal.push(err) });
    await waitFor(() => stale.ready, 5000, 'registration');
    // Frozen for longer than the lease lives: a replacement takes hall001 with a new epoch.
    stale.pauseHeartbeat(3 * 3 * HEARTBEAT_MS);
    const successor = await c.server('hall', { SERVER_ID: 'hall001' });
    expect(successor.epoch).toBeGreaterThan(stale.epoch);
    await waitFor(() => successor.ready, 5000, 'successor registration');
    await waitFor(() => fatal.length > 0, 10_000, 'the stale server to stop');
    expect(fatal[0]!.constructor === FencedError || fatal[0]!.constructor === LeaseLostError).toBe(true);
    expect(stale.ready).toBe(false);
  });
});
