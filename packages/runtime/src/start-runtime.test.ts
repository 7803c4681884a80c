import { MemoryBroker } from '@hallway/mq';
import type { ClusterUpdate, Heartbeat } from '@hallway/protocol';
import { MemoryStore, type Store } from '@hallway/store';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, sleep, startFakeObserver, testConfig, testLogger, waitFor, type FakeObserver } from '../test/helpers.js';
import { ConfigError, FencedError, LeaseLostError } from './errors.js';
import type { StartedRuntime } from './runtime.js';
import { startRuntime, type StartRuntimeOptions } from './start-runtime.js';

let broker: MemoryBroker;
let store: MemoryStore;
let observer: FakeObserver | undefined;
const runtimes: StartedRuntime[] = [];

function okReply(version: number, extra: Partial<ClusterUpdate> = {}) {
  return (beat: Heartbeat) => ({ status: 'ok' as const, update: { version, permissions: {}, servers: [beat], ...extra } });
}

async function start(options: Partial<StartRuntimeOptions> & { env?: Record<string, string>; storeOverride?: Store } = {}): Promise<StartedRuntime> {
  const runtime = await startRuntime({
    type: 'hall',
    config: testConfig(options.env),
    logger: testLogger,
    memory: { broker, store: options.storeOverride ?? store },
    ...options,
  });
  runtimes.push(runtime);
  return runtime;
}

function fresh(): void {
  broker = new MemoryBroker();
  store = new MemoryStore();
}
fresh();

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.shutdown('test over')));
  await observer?.close();
  observer = undefined;
  await store.close();
  fresh();
});

describe('startRuntime on the memory backend', () => {
  it('leases distinct ids to replicas with the same config', async () => {
    const a = await start();
    const b = await start();
    expect([a.serverId, b.serverId]).toEqual(['hall001', 'hall002']);
    expect(a.bus.serverId).toBe('hall001');
    expect(a.bus.epoch).toBe(a.epoch);
    expect(a.httpPort).toBeGreaterThan(0);
  });

  it('registers on the first answered heartbeat, reporting load and meta', async () => {
    observer = await startFakeObserver(broker, undefined);
    const runtime = await start();
    runtime.setLoad(3);
    runtime.setMeta({ url: 'ws://x' });
    await waitFor(() => observer!.beats.length >= 2, 2000, 'heartbeats');
    expect(runtime.registered).toBe(false);
    expect(runtime.ready).toBe(false);
    expect(runtime.readinessReasons()).toContain('not registered with the observer yet');

    observer.reply = okReply(10, { permissions: { game: [] } });
    await waitFor(() => runtime.registered, 2000, 'registration');
    expect(runtime.ready).toBe(true);
    expect(observer.beats.at(-1)).toEqual({ id: 'hall001', type: 'hall', epoch: runtime.epoch, load: 3, meta: { url: 'ws://x' } });
    expect(runtime.cluster.version).toBe(10);
    // The update had no observer entry: it is merged in so heartbeats keep flowing.
    expect(runtime.bus.permissions).toEqual({ game: [], observer: ['observer'] });
    const beats = observer.beats.length;
    await waitFor(() => observer!.beats.length >= beats + 2, 2000, 'heartbeats after the update');
  });

  it('applies cluster.update pushes from the observer only, and only newer ones', async () => {
    observer = await startFakeObserver(broker, okReply(1));
    const runtime = await start();
    await waitFor(() => runtime.registered, 2000, 'registration');
    observer.bus.setPermissions({ hall: ['hall001'] });
    const game = { id: 'game001', type: 'game' as const, epoch: 5, load: 2, meta: {} };
    await observer.bus.publish('hall001', 'cluster.update', { version: 2, permissions: { game: ['game001'] }, servers: [game] });
    await waitFor(() => runtime.cluster.version === 2, 2000, 'pushed update');
    expect(runtime.cluster.get('game001')).toEqual(game);
    expect(runtime.bus.permissions).toEqual({ game: ['game001'], observer: ['observer'] });

    // Malformed and older updates change nothing (and crash nothing).
    await observer.bus.publish('hall001', 'cluster.update', { version: 'three' });
    await observer.bus.publish('hall001', 'cluster.update', { version: 1, permissions: {}, servers: [] });
    // A server that is not the observer cannot rewrite the view.
    const other = await start();
    await waitFor(() => other.registered, 2000, 'second registration');
    other.bus.setPermissions({ hall: ['hall001'], observer: ['observer'] });
    await other.bus.publish('hall001', 'cluster.update', { version: 99, permissions: {}, servers: [] });
    await sleep(100);
    expect(runtime.cluster.version).toBe(2);
    expect(runtime.cluster.has('game001')).toBe(true);
    expect(runtime.bus.stats().handlerErrors).toBe(0);
  });

  it('keeps heartbeating while the observer is down and counts the failures', async () => {
    const runtime = await start();
    await sleep(450);
    expect(runtime.state).toBe('running');
    const metrics = await getJson(runtime.httpPort, '/metrics');
    const failures = /^hallway_heartbeat_failures_total\{server_id="hall001"\} (\d+)/m.exec(metrics.body as string);
    expect(Number(failures?.[1])).toBeGreaterThanOrEqual(2);

    observer = await startFakeObserver(broker, okReply(1));
    await waitFor(() => runtime.ready, 2000, 'registration once the observer is up');
  });

  it('stops and reports once when the observer says fenced', async () => {
    observer = await startFakeObserver(broker, okReply(1));
    const fatal: Error[] = [];
    const runtime = await start({ onFatal: (err) => fatal.push(err) });
    await waitFor(() => runtime.registered, 2000, 'registration');
    observer.reply = () => ({ status: 'fenced', currentEpoch: runtime.epoch + 1 });
    await waitFor(() => fatal.length > 0, 2000, 'fatal');
    await sleep(300);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(FencedError);
    expect((fatal[0] as FencedError).code).toBe('FENCED');
    expect(runtime.state).toBe('failed');
    expect(runtime.ready).toBe(false);
    expect((await getJson(runtime.httpPort, '/healthz')).status).toBe(503);
    const beats = observer.beats.length;
    await sleep(300);
    expect(observer.beats.length).toBe(beats);
  });

  it('stops when the lease cannot be renewed', async () => {
    observer = await startFakeObserver(broker, okReply(1));
    let lose = false;
    const flaky: Store = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'renewLease') return async (...args: Parameters<Store['renewLease']>) => (lose ? false : target.renewLease(...args));
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const fatal: Error[] = [];
    const runtime = await start({ storeOverride: flaky, onFatal: (err) => fatal.push(err) });
    await waitFor(() => runtime.registered, 2000, 'registration');
    lose = true;
    await waitFor(() => fatal.length > 0, 2000, 'fatal');
    expect(fatal[0]).toBeInstanceOf(LeaseLostError);
    expect(fatal[0]?.message).toMatch(/^lease lost/);
    await runtime.shutdown('fatal');
    // A lost lease is not released: it may belong to another server by now.
    lose = false;
    await expect(store.acquireLease('hall', { ttlMs: 1000, preferredId: 'hall001' })).rejects.toThrow(/leased by another/);
  });

  it('serves health, readiness (with checks and reasons), metrics and app routes', async () => {
    observer = await startFakeObserver(broker, okReply(1));
    const runtime = await start();
    let warm = false;
    runtime.addReadinessCheck('warm', () => warm);
    runtime.route('/hello', (_req, res) => {
      res.end('hi');
    });
    runtime.route('/boom', () => {
      throw new Error('boom');
    });
    await waitFor(() => runtime.registered, 2000, 'registration');
    expect(await getJson(runtime.httpPort, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await getJson(runtime.httpPort, '/readyz')).toMatchObject({ status: 503, body: { ready: false, reasons: ['check "warm" failing'] } });
    warm = true;
    expect(await getJson(runtime.httpPort, '/readyz')).toMatchObject({ status: 200, body: { ready: true } });
    expect(await getJson(runtime.httpPort, '/hello?x=1')).toMatchObject({ status: 200, body: 'hi' });
    expect(await getJson(runtime.httpPort, '/boom')).toMatchObject({ status: 500, body: { error: 'INTERNAL' } });
    expect(await getJson(runtime.httpPort, '/nope')).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    const post = await fetch(`http://127.0.0.1:${runtime.httpPort}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);

    runtime.setLoad(4);
    const metrics = await getJson(runtime.httpPort, '/metrics');
    expect(metrics.contentType).toMatch(/^text\/plain/);
    const text = metrics.body as string;
    for (const line of [
      'hallway_bus_up{server_id="hall001"} 1',
      'hallway_server_load{server_id="hall001"} 4',
      'hallway_server_registered{server_id="hall001"} 1',
      'hallway_bus_dropped_total{reason="no_handler",server_id="hall001"} 0',
      'hallway_bus_pending_requests{server_id="hall001"}',
      'hallway_bus_queued{server_id="hall001"}',
      'hallway_bus_gaps_total{server_id="hall001"} 0',
      'hallway_bus_missed_total{server_id="hall001"} 0',
      'hallway_heartbeat_failures_total{server_id="hall001"} 0',
      'process_cpu_user_seconds_total{server_id="hall001"}',
    ]) {
      expect(text).toContain(line);
    }
    expect(Number(/^hallway_bus_published_total\{server_id="hall001"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^hallway_bus_received_total\{server_id="hall001"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('shuts down in order: not ready, hooks last-first, leave, lease released; idempotent', async () => {
    observer = await startFakeObserver(broker, okReply(1));
    const runtime = await start();
    await waitFor(() => runtime.registered, 2000, 'registration');
    const order: string[] = [];
    let healthDuringHook = 0;
    runtime.onShutdown(() => {
      order.push('first');
    });
    runtime.onShutdown(async () => {
      healthDuringHook = (await getJson(runtime.httpPort, '/healthz')).status;
      order.push('second');
    });
    const port = runtime.httpPort;
    const a = runtime.shutdown('test');
    const b = runtime.shutdown('again');
    await Promise.all([a, b]);
    expect(order).toEqual(['second', 'first']);
    expect(healthDuringHook).toBe(503);
    expect(runtime.ready).toBe(false);
    expect(runtime.state).toBe('stopped');
    expect(observer.leaves).toEqual([{ id: 'hall001', epoch: runtime.epoch }]);
    expect(runtime.bus.status).toBe('closed');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const next = await start();
    expect(next.serverId).toBe('hall001');
    expect(next.epoch).toBeGreaterThan(runtime.epoch);
  });

  it('keeps to the shutdown deadline when a hook hangs', async () => {
    const runtime = await start({ env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
    let late = false;
    runtime.onShutdown(() => {
      late = true;
    });
    runtime.onShutdown(() => new Promise(() => undefined));
    const started = Date.now();
    await runtime.shutdown('test');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(late).toBe(true);
  });

  it('refuses a SERVER_ID of another type and waits for a fixed id held by a live server', async () => {
    await expect(start({ env: { SERVER_ID: 'game001' } })).rejects.toThrow(ConfigError);
    await expect(start({ env: { SERVER_ID: 'game001' } })).rejects.toThrow(/SERVER_ID: expected a hall id/);
    const held = await start({ env: { SERVER_ID: 'hall005' } });
    expect(held.serverId).toBe('hall005');
    const started = Date.now();
    await expect(start({ env: { SERVER_ID: 'hall005' }, leaseWaitMs: 300 })).rejects.toMatchObject({
      code: 'LEASE_UNAVAILABLE',
      message: expect.stringContaining('unset SERVER_ID') as string,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('runs the observer under the id "observer" without heartbeating', async () => {
    const runtime = await start({ type: 'observer' });
    expect(runtime.serverId).toBe('observer');
    expect(runtime.registered).toBe(true);
    expect(runtime.ready).toBe(true);
    // It renews its lease (TTL 300 ms here): long after the TTL, a second observer still cannot start.
    await sleep(500);
    await expect(start({ type: 'observer', leaseWaitMs: 200 })).rejects.toThrow(/another observer is running/);
  });
});
