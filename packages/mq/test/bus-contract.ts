import { Packr } from 'msgpackr';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus, BusOptions, Gap } from '../src/index.js';
import {
  BusClosedError,
  BusUnavailableError,
  ChannelNotPermittedError,
  HandlerError,
  RemoteError,
  RequestTimeoutError,
} from '../src/index.js';
import { activeTimers, sleep, testLogger, uniquePrefix, waitFor } from './helpers.js';

/** What a contract run needs from one bus implementation. */
export interface ContractEnv {
  createBus(options: BusOptions): Bus;
  /** Publishes raw bytes on a channel, bypassing any bus (like `redis-cli PUBLISH`). */
  injectRaw(channel: string, payload: Buffer): Promise<void>;
  /** Makes the medium unreachable, then reachable again. */
  outage(): Promise<void>;
  recover(): Promise<void>;
  /** How long the medium may take to come back after `recover()`. */
  recoverWithinMs: number;
}

const packr = new Packr({ useRecords: false });
const ALL = { gate: ['gate001'], hall: ['hall001', 'hall002'], game: ['game001'], observer: ['observer'] };

/**
 * One suite, run against both `RedisBus` and `MemoryBus`: the in-memory bus is a
 * product feature and must behave like the Redis one.
 */
export function describeBusContract(name: string, getEnv: () => ContractEnv): void {
  describe(`${name} contract`, () => {
    const open: Bus[] = [];
    let prefix = '';

    async function bus(serverId: string, extra: Partial<BusOptions> = {}): Promise<Bus> {
      const b = getEnv().createBus({ serverId, channelPrefix: prefix, permissions: ALL, logger: testLogger, ...extra });
      open.push(b);
      await b.start();
      return b;
    }

    function freshPrefix(): void {
      prefix = uniquePrefix();
    }

    afterEach(async () => {
      await Promise.all(open.splice(0).map((b) => b.close({ drainMs: 100 })));
      freshPrefix();
    });
    freshPrefix();

    it('delivers a published message with its sender', async () => {
      const [gate, hall] = await Promise.all([bus('gate001'), bus('hall001')]);
      const got: unknown[] = [];
      hall.handle('hall.echo', (body, ctx) => got.push({ body, from: ctx.from, epoch: ctx.epoch, kind: ctx.kind }));
      await gate.publish('hall001', 'hall.echo', { text: 'hi', n: [1, 2, 3] });
      await waitFor(() => got.length === 1, 2000, 'delivery');
      expect(got[0]).toEqual({ body: { text: 'hi', n: [1, 2, 3] }, from: 'gate001', epoch: gate.epoch, kind: 'msg' });
      expect(hall.stats().handled).toBe(1);
    });

    it('answers requests, and carries handler errors back by code', async () => {
      const [gate, hall] = await Promise.all([bus('gate001'), bus('hall001')]);
      hall.handle('hall.add', (body) => {
        const { a, b } = body as { a: number; b: number };
        return { sum: a + b };
      });
      hall.handle('hall.whisper', () => {
        throw new HandlerError('USER_OFFLINE', 'bob is not online');
      });
      hall.handle('hall.bug', () => {
        throw new Error('secret internals');
      });
      await expect(gate.request('hall001', 'hall.add', { a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
      const offline = await gate.request('hall001', 'hall.whisper', {}).catch((e: unknown) => e);
      expect(offline).toBeInstanceOf(RemoteError);
      expect(offline).toMatchObject({ code: 'USER_OFFLINE', message: 'bob is not online', from: 'hall001' });
      const bug = await gate.request('hall001', 'hall.bug', {}).catch((e: unknown) => e);
      expect(bug).toMatchObject({ code: 'INTERNAL' });
      expect((bug as Error).message).not.toContain('secret');
      const missing = await gate.request('hall001', 'hall.nothing', {}).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'NO_HANDLER' });
    });

    it('times out a request nobody answers', async () => {
      const gate = await bus('gate001');
      const start = Date.now();
      const err = await gate.request('hall002', 'hall.echo', {}, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RequestTimeoutError);
      expect((err as RequestTimeoutError).code).toBe('REQUEST_TIMEOUT');
      expect(Date.now() - start).toBeGreaterThanOrEqual(190);
      expect(gate.stats().pendingRequests).toBe(0);
    });

    it('leaves no timers or listeners behind after 10k timed-out requests', async () => {
      const gate = await bus('gate001');
      const timersBefore = activeTimers();
      const listenersBefore = gate.listenerCount('status');
      const results = await Promise.allSettled(
        Array.from({ length: 10_000 }, () => gate.request('hall002', 'hall.echo', {}, { timeoutMs: 100 })),
      );
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof RequestTimeoutError)).toBe(true);
      expect(gate.stats().pendingRequests).toBe(0);
      expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
      expect(gate.listenerCount('status')).toBe(listenersBefore);
    });

    it('refuses to publish outside the permission list, and follows replacements', async () => {
      const hall = await bus('hall001', { permissions: { gate: ['gate001'], observer: ['observer'] } });
      await expect(hall.publish('game001', 'game.x', {})).rejects.toBeInstanceOf(ChannelNotPermittedError);
      await expect(hall.request('hall002', 'hall.x', {})).rejects.toMatchObject({ code: 'CHANNEL_NOT_PERMITTED' });
      await expect(hall.publishAll('game', 'game.x', {})).rejects.toBeInstanceOf(ChannelNotPermittedError);
      await expect(hall.publish('hall001', 'self.ok', {})).resolves.toBeUndefined();
      hall.setPermissions({ game: ['game001'] });
      await expect(hall.publish('game001', 'game.x', {})).resolves.toBeUndefined();
      await expect(hall.publish('gate001', 'gate.x', {})).rejects.toBeInstanceOf(ChannelNotPermittedError);
      expect(hall.permissions).toEqual({ game: ['game001'] });
    });

    it('publishAll reaches every permitted server of a type', async () => {
      const [gate, h1, h2] = await Promise.all([bus('gate001'), bus('hall001'), bus('hall002')]);
      const seen: string[] = [];
      for (const h of [h1, h2]) h.handle('hall.notice', () => seen.push(h.serverId));
      await expect(gate.publishAll('hall', 'hall.notice', { x: 1 })).resolves.toBe(2);
      await waitFor(() => seen.length === 2, 2000, 'both halls');
      expect(seen.sort()).toEqual(['hall001', 'hall002']);
    });

    it('keeps order per key while other keys run concurrently', async () => {
      const [gate, hall] = await Promise.all([bus('gate001'), bus('hall001')]);
      const order: number[] = [];
      hall.handle('game.move', async (body) => {
        const { n } = body as { n: number };
        await sleep(n % 3); // uneven work must not reorder a key
        order.push(n);
      });
      await Promise.all(Array.from({ length: 200 }, (_, n) => gate.publish('hall001', 'game.move', { n }, { key: 'room-1' })));
      await waitFor(() => order.length === 200, 5000, '200 ordered messages');
      expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i));
    });

    it('does not let a slow or throwing handler delay another key', async () => {
      const [gate, hall] = await Promise.all([bus('gate001'), bus('hall001')]);
      const done: Record<string, number> = {};
      hall.handle('work', async (body) => {
        const { key, ms, fail } = body as { key: string; ms: number; fail?: boolean };
        if (fail) throw new Error('boom');
        await sleep(ms);
        done[key] = Date.now();
      });
      const t0 = Date.now();
      await gate.publish('hall001', 'work', { key: 'bad', ms: 0, fail: true }, { key: 'p1' });
      await gate.publish('hall001', 'work', { key: 'slow', ms: 800 }, { key: 'p1' });
      await gate.publish('hall001', 'work', { key: 'fast', ms: 0 }, { key: 'p2' });
      await waitFor(() => done.slow !== undefined, 3000, 'slow handler');
      expect(done.fast! - t0).toBeLessThan(300);
      expect(hall.stats().handlerErrors).toBe(1);
    });

    it('drops garbage, truncated, oversized and invalid payloads and keeps going', async () => {
      const hall = await bus('hall001', { maxPayloadBytes: 4096 });
      const gate = await bus('gate001');
      const got: unknown[] = [];
      hall.handle('hall.echo', (body) => got.push(body));
      const channel = hall.channelOf('hall001');
      const good = packr.pack({ t: 'msg', from: 'gate009', epoch: 1, seq: 1, route: 'hall.echo', body: 'ok' });
      await getEnv().injectRaw(channel, Buffer.from('not msgpack at all \u00ff\u00fe'));
      await getEnv().injectRaw(channel, good.subarray(0, good.length - 3));
      await getEnv().injectRaw(channel, Buffer.alloc(5000, 1));
      await getEnv().injectRaw(channel, packr.pack({ t: 'msg', from: 'gate009', epoch: 1 }));
      await getEnv().injectRaw(channel, packr.pack({ t: 'msg', from: 'gate009', epoch: 1, seq: 2, route: 'hall.echo', body: new Date() }));
      await gate.publish('hall001', 'hall.echo', 'after');
      await waitFor(() => got.length === 1, 2000, 'good message after garbage');
      await waitFor(() => hall.stats().received >= 6, 2000, 'all payloads received');
      const { dropped } = hall.stats();
      expect(dropped.malformed).toBe(3); // garbage, truncated, a Date
      expect(dropped.oversize).toBe(1);
      expect(dropped.invalid).toBe(1);
      expect(got).toEqual(['after']);
    });

    it('reports a gap in a sender sequence', async () => {
      const hall = await bus('hall001');
      const gaps: Gap[] = [];
      hall.on('gap', (g) => gaps.push(g));
      hall.handle('x', () => undefined);
      const channel = hall.channelOf('hall001');
      for (const seq of [1, 2, 6, 7]) {
        await getEnv().injectRaw(channel, packr.pack({ t: 'msg', from: 'gate005', epoch: 9, seq, route: 'x', body: null }));
      }
      // A restart (new epoch) starts a new sequence: no gap.
      await getEnv().injectRaw(channel, packr.pack({ t: 'msg', from: 'gate005', epoch: 10, seq: 1, route: 'x', body: null }));
      await waitFor(() => hall.stats().handled === 5, 2000, 'five messages');
      expect(gaps).toEqual([{ channel, from: 'gate005', epoch: 9, missed: 3 }]);
      expect(hall.stats()).toMatchObject({ gaps: 1, missed: 3 });
    });

    it('sheds load past its queue bounds: drops messages, answers requests OVERLOADED', async () => {
      const gate = await bus('gate001');
      const hall = await bus('hall001', { maxQueuePerKey: 2 });
      let release!: () => void;
      const gateOpen = new Promise<void>((r) => (release = r));
      hall.handle('block', () => gateOpen);
      const replies = [1, 2, 3, 4].map((n) => gate.request('hall001', 'block', { n }, { key: 'k', timeoutMs: 3000 }).catch((e: unknown) => e));
      const fourth = await replies[3];
      expect(fourth).toMatchObject({ code: 'OVERLOADED' });
      expect(hall.stats().dropped.overflow).toBe(1);
      release();
      const rest = await Promise.all(replies.slice(0, 3));
      expect(rest.every((r) => !(r instanceof Error))).toBe(true);
    });

    it('psubscribe and unsubscribe extra channels', async () => {
      const [gate, observer] = await Promise.all([bus('gate001'), bus('observer')]);
      await bus('hall001');
      const seen: string[] = [];
      observer.handle('hall.echo', (_b, ctx) => seen.push(ctx.channel));
      await observer.psubscribe(`${prefix}hall*`);
      await gate.publish('hall001', 'hall.echo', 1);
      await waitFor(() => seen.length === 1, 2000, 'pattern delivery');
      expect(seen).toEqual([`${prefix}hall001`]);
      await observer.punsubscribe(`${prefix}hall*`);
      await observer.subscribe(`${prefix}hall002`);
      await gate.publish('hall001', 'hall.echo', 2);
      await gate.publish('hall002', 'hall.echo', 3);
      await waitFor(() => seen.length === 2, 2000, 'channel delivery');
      await observer.unsubscribe(`${prefix}hall002`);
      await gate.publish('hall002', 'hall.echo', 4);
      await sleep(100);
      expect(seen).toEqual([`${prefix}hall001`, `${prefix}hall002`]);
    });

    it('fails publishes fast while the medium is down and recovers after', async () => {
      const [gate, hall] = await Promise.all([bus('gate001'), bus('hall001')]);
      const got: unknown[] = [];
      hall.handle('hall.echo', (b) => got.push(b));
      await getEnv().outage();
      await waitFor(() => gate.status === 'down', 5000, 'gate bus down');
      const t0 = Date.now();
      await expect(gate.publish('hall001', 'hall.echo', 'lost')).rejects.toBeInstanceOf(BusUnavailableError);
      expect(Date.now() - t0).toBeLessThan(50);
      await getEnv().recover();
      await waitFor(() => gate.status === 'up' && hall.status === 'up', getEnv().recoverWithinMs, 'both up again');
      await gate.publish('hall001', 'hall.echo', 'back');
      await waitFor(() => got.length === 1, 2000, 'delivery after recovery');
      expect(got).toEqual(['back']);
      expect(gate.stats().downs).toBeGreaterThanOrEqual(1);
    });

    it('rejects pending requests and later sends once closed', async () => {
      const gate = await bus('gate001');
      const pending = gate.request('hall002', 'hall.echo', {}, { timeoutMs: 5000 }).catch((e: unknown) => e);
      await gate.close();
      expect(await pending).toBeInstanceOf(BusClosedError);
      await expect(gate.publish('hall001', 'x', {})).rejects.toBeInstanceOf(BusClosedError);
      expect(gate.status).toBe('closed');
    });
  });
}
