import type { Heartbeat } from '@hallway/protocol';
import { startRedis, type RedisHandle } from '@hallway/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type StartedRuntime, type StartRuntimeOptions } from '../src/index.js';
import { getJson, sleep, testConfig, testLogger, uniquePrefixes, waitFor } from './helpers.js';

let redis: RedisHandle;
const runtimes: StartedRuntime[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.shutdown('test over')));
});

async function start(env: Record<string, string>, options: Partial<StartRuntimeOptions> = {}): Promise<StartedRuntime> {
  const runtime = await startRuntime({
    type: 'hall',
    config: testConfig({ REDIS_URL: redis.url, ...env }),
    logger: testLogger,
    redisBus: { probeIntervalMs: 200, probeTimeoutMs: 500 },
    ...options,
  });
  runtimes.push(runtime);
  return runtime;
}

/** An observer runtime that answers every heartbeat `ok` with the sender alone in the view. */
async function startAnsweringObserver(env: Record<string, string>): Promise<{ runtime: StartedRuntime; beats: Heartbeat[] }> {
  const runtime = await start(env, { type: 'observer' });
  const beats: Heartbeat[] = [];
  let version = 0;
  runtime.bus.handle('cluster.heartbeat', (body) => {
    beats.push(body as Heartbeat);
    version += 1;
    return { status: 'ok', update: { version, permissions: {}, servers: [body] } };
  });
  runtime.bus.handle('cluster.leave', () => ({}));
  return { runtime, beats };
}

describe('runtime on a real Redis', () => {
  it('gives replicas started with the same config distinct ids', async () => {
    const env = uniquePrefixes();
    const [a, b] = await Promise.all([start(env), start(env)]);
    expect([a!.serverId, b!.serverId].sort()).toEqual(['hall001', 'hall002']);
    expect(a!.bus.status).toBe('up');
  });

  it('gives a server restarted after a crash the same id with a larger epoch, once the lease expired', async () => {
    const env = { ...uniquePrefixes(), HEARTBEAT_MS: '100', LEASE_TTL_MS: '300' };
    const first = await start(env);
    expect(first.serverId).toBe('hall001');
    await first.simulateCrash();
    // While the dead server's lease lives, its id is not handed out again.
    const meanwhile = await start(env);
    expect(meanwhile.serverId).toBe('hall002');
    await sleep(400);
    const restarted = await start(env);
    expect(restarted.serverId).toBe('hall001');
    expect(restarted.epoch).toBeGreaterThan(first.epoch);
  });

  it('serves /healthz, /readyz and /metrics; ready only once the observer answers', async () => {
    const env = uniquePrefixes();
    const hall = await start(env);
    expect(await getJson(hall.httpPort, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    await sleep(300);
    const before = await getJson(hall.httpPort, '/readyz');
    expect(before.status).toBe(503);
    expect(before.body).toEqual({ ready: false, reasons: ['not registered with the observer yet'] });

    const observer = await startAnsweringObserver(env);
    await waitFor(async () => (await getJson(hall.httpPort, '/readyz')).status === 200, 3000, 'readyz 200');
    expect(observer.beats.at(-1)).toMatchObject({ id: 'hall001', type: 'hall', epoch: hall.epoch });
    expect((await getJson(observer.runtime.httpPort, '/readyz')).status).toBe(200);

    const metrics = (await getJson(hall.httpPort, '/metrics')).body as string;
    expect(metrics).toContain('hallway_bus_up{server_id="hall001"} 1');
    expect(metrics).toMatch(/^hallway_heartbeat_failures_total\{server_id="hall001"\} [1-9]/m);
    expect(metrics).toMatch(/^hallway_heartbeats_total\{server_id="hall001"\} [1-9]/m);
    expect(metrics).toContain('nodejs_heap_size_used_bytes{server_id="hall001"}');
  });

  it('shuts down well within 10 s, leaves, and releases the id', async () => {
    const env = uniquePrefixes();
    const observer = await startAnsweringObserver(env);
    const left: unknown[] = [];
    observer.runtime.bus.handle('cluster.leave', (body) => {
      left.push(body);
      return {};
    });
    const hall = await start({ ...env, SHUTDOWN_TIMEOUT_MS: '8000' });
    await waitFor(() => hall.ready, 3000, 'ready');
    const started = Date.now();
    await hall.shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(left).toEqual([{ id: 'hall001', epoch: hall.epoch }]);
    const next = await start(env);
    expect(next.serverId).toBe('hall001');
    expect(next.epoch).toBeGreaterThan(hall.epoch);
  });
});
