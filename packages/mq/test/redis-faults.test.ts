import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startProxy, startRedis, type RedisHandle, type TcpProxy } from '@hallway/testkit';
import { Packr } from 'msgpackr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus, type RedisBusOptions } from '../src/index.js';
import { sleep, testLogger, uniquePrefix, waitFor } from './helpers.js';

const exec = promisify(execFile);
const PERMS = { gate: ['gate001'], hall: ['hall001', 'hall002'], observer: ['observer'] };

/**
 * Real faults against a real redis-server: killed connections, a killed and restarted
 * server, a silently dead TCP path, garbage from redis-cli, a stalled handler.
 */
describe('RedisBus under real faults', () => {
  let redis: RedisHandle;
  const open: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

  async function pair(url: string, extra: Partial<RedisBusOptions> = {}) {
    const prefix = uniquePrefix();
    const make = (serverId: string) =>
      new RedisBus({ serverId, redis: url, channelPrefix: prefix, permissions: PERMS, logger: testLogger, ...extra });
    const gate = make('gate001');
    const hall = make('hall001');
    open.push(gate, hall);
    await Promise.all([gate.start(), hall.start()]);
    const got: unknown[] = [];
    hall.handle('hall.echo', (body) => {
      got.push(body);
      return body;
    });
    return { gate, hall, got, prefix };
  }

  /** Sends until one arrives: the time from `since` until the bus delivers again. */
  async function deliveringAgain(gate: RedisBus, got: unknown[], since: number, timeoutMs: number): Promise<number> {
    const before = got.length;
    let n = 0;
    await waitFor(
      async () => {
        await gate.publish('hall001', 'hall.echo', { n: n++ }).catch(() => undefined);
        await sleep(20);
        return got.length > before;
      },
      timeoutMs,
      'delivery to resume',
    );
    return Date.now() - since;
  }

  it('round-trips a request through Redis', async () => {
    const { gate } = await pair(redis.url);
    await expect(gate.request('hall001', 'hall.echo', { x: 1 })).resolves.toEqual({ x: 1 });
  });

  it('resubscribes within 1 s after CLIENT KILL TYPE pubsub', async () => {
    const { gate, hall, got } = await pair(redis.url);
    const admin = redis.client();
    const t0 = Date.now();
    const killed = (await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')) as number;
    expect(killed).toBeGreaterThanOrEqual(2);
    const took = await deliveringAgain(gate, got, t0, 1000);
    expect(took).toBeLessThan(1000);
    expect(hall.stats().downs).toBeGreaterThanOrEqual(1);
    expect(hall.status).toBe('up');
  });

  it('delivers again within 2 s of Redis being SIGKILLed and restarted on the same port', async () => {
    const { gate, hall, got } = await pair(redis.url);
    await redis.kill('SIGKILL');
    await waitFor(() => gate.status === 'down' && hall.status === 'down', 3000, 'both buses down');
    const err = await gate.publish('hall001', 'hall.echo', 'during outage').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'BusUnavailableError', code: 'BUS_UNAVAILABLE' });
    await sleep(500);
    await redis.restart();
    const t0 = Date.now();
    const took = await deliveringAgain(gate, got, t0, 2000);
    expect(took).toBeLessThan(2000);
    expect(got).not.toContain('during outage');
  });

  it('detects a blackholed connection and delivers again within 5 s', async () => {
    const proxy: TcpProxy = await startProxy({ targetPort: redis.port });
    open.push(proxy);
    const { gate, hall, got } = await pair(proxy.url);
    const statuses: string[] = [];
    hall.on('status', (s) => statuses.push(s));
    await gate.publish('hall001', 'hall.echo', 'before');
    await waitFor(() => got.length === 1, 1000, 'first delivery');
    const t0 = Date.now();
    proxy.blackholeExisting();
    const took = await deliveringAgain(gate, got, t0, 5000);
    expect(took).toBeLessThan(5000);
    expect(statuses).toContain('down');
    expect(hall.stats().probeFailures + gate.stats().probeFailures).toBeGreaterThanOrEqual(1);
  });

  it('delays another key by under 50 ms while a handler takes 2 s', async () => {
    const { gate, hall } = await pair(redis.url);
    const handledAt: Record<string, number> = {};
    hall.handle('work', async (body) => {
      const { name, ms } = body as { name: string; ms: number };
      if (ms) await sleep(ms);
      handledAt[name] = Date.now();
    });
    // Calibrate: how long an unhindered message takes end to end.
    let sentAt = Date.now();
    await gate.publish('hall001', 'work', { name: 'alone', ms: 0 }, { key: 'player-2' });
    await waitFor(() => handledAt.alone !== undefined, 1000, 'calibration');
    const baseline = handledAt.alone! - sentAt;

    await gate.publish('hall001', 'work', { name: 'slow', ms: 2000 }, { key: 'player-1' });
    sentAt = Date.now();
    await gate.publish('hall001', 'work', { name: 'fast', ms: 0 }, { key: 'player-2' });
    await waitFor(() => handledAt.fast !== undefined, 1000, 'other key');
    const latency = handledAt.fast! - sentAt;
    expect(latency - baseline).toBeLessThan(50);
    expect(handledAt.slow).toBeUndefined();
    await waitFor(() => handledAt.slow !== undefined, 3000, 'slow handler');
  });

  it('drops garbage, truncated and oversized payloads sent with redis-cli PUBLISH, and keeps delivering', async () => {
    const { gate, hall, got, prefix } = await pair(redis.url, { maxPayloadBytes: 8192 });
    const channel = `${prefix}hall001`;
    const cli = (args: string[], input?: Buffer) => {
      const child = exec('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), ...args], { encoding: 'buffer' });
      if (input) child.child.stdin?.end(input);
      return child;
    };
    const packr = new Packr({ useRecords: false });
    const good = packr.pack({ t: 'msg', from: 'gate042', epoch: 1, seq: 1, route: 'hall.echo', body: 'x'.repeat(50) });
    await cli(['PUBLISH', channel, 'garbage{not msgpack']);
    await cli(['-x', 'PUBLISH', channel], good.subarray(0, 20)); // truncated
    await cli(['-x', 'PUBLISH', channel], Buffer.alloc(20_000, 0x41)); // oversized
    await cli(['PUBLISH', channel, '']); // empty
    await gate.publish('hall001', 'hall.echo', 'still fine');
    await waitFor(() => got.includes('still fine'), 2000, 'good message');
    const { dropped } = hall.stats();
    expect(dropped.malformed).toBeGreaterThanOrEqual(3);
    expect(dropped.oversize).toBe(1);
    expect(hall.status).toBe('up');
  });

  it('fails fast instead of queueing while Redis is unreachable', async () => {
    const proxy: TcpProxy = await startProxy({ targetPort: redis.port });
    open.push(proxy);
    const { gate } = await pair(proxy.url);
    proxy.setMode('refuse');
    proxy.cutAll();
    await waitFor(() => gate.status === 'down', 2000, 'down');
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, n) => gate.publish('hall001', 'hall.echo', { n })));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    proxy.setMode('pass');
    await waitFor(() => gate.status === 'up', 3000, 'up again');
  });
});
