import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  ClientConfigError,
  ClientRequestError,
  ClientTimeoutError,
  ConnectError,
  ConnectionClosedError,
  HallwayClient,
  type CloseInfo,
  type HallwayClientOptions,
} from '../src/index.js';
import { createNodeClient } from '../src/node.js';
import { gateLike, startTinyServer } from './tiny-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(options: Partial<HallwayClientOptions> = {}, respond = gateLike) {
  const server = await startTinyServer(respond);
  cleanups.push(() => server.close());
  const client = createNodeClient({ url: server.url, ...options });
  cleanups.push(() => client.close());
  await client.connect();
  return { server, client };
}

/**
 * Counts the timers the client's own code started and that have neither fired nor been
 * cleared (other timers — ws's, vitest's — are not the client's business).
 */
function trackClientTimers() {
  const live = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const fromClient = /packages\/client\/src\//.test(new Error().stack ?? '');
    const handle: unknown = realSet(() => {
      live.delete(handle);
      fn(...args);
    }, ms);
    if (fromClient) live.add(handle);
    return handle;
  }) as unknown as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    live.delete(handle);
    realClear(handle);
  });
  cleanups.push(async () => {
    vi.restoreAllMocks();
  });
  return () => live.size;
}

function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('HallwayClient requests', () => {
  it('sends JSON text frames with increasing ids and resolves reply bodies', async () => {
    const { server, client } = await setup();
    expect(await client.echo({ a: 1, b: [true, null, 'x'] })).toEqual({ a: 1, b: [true, null, 'x'] });
    expect(await client.request('hall.echo', 'two')).toBe('two');
    const rtt = await client.ping();
    expect(Number.isFinite(rtt) && rtt >= 0 && rtt < 5000).toBe(true);
    expect(server.conns[0]?.format).toBe('json');
    expect(server.conns[0]?.received.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('speaks msgpack in binary frames when asked', async () => {
    const { server, client } = await setup({ format: 'msgpack' });
    const body = { text: 'héllo', n: 2 ** 40, nested: { list: [1.5, -3, 'z'] } };
    expect(await client.echo(body)).toEqual(body);
    expect(server.conns[0]?.format).toBe('msgpack');
  });

  it('rejects error replies with ClientRequestError carrying the code and route', async () => {
    const { client } = await setup();
    const err = await client.request('hall.nope', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientRequestError);
    expect(err).toMatchObject({ code: 'UNKNOWN_ROUTE', route: 'hall.nope', requestId: 1 });
  });

  it('times out with ClientTimeoutError and leaves no timer behind', async () => {
    const { client } = await setup();
    const liveTimers = trackClientTimers();
    const pending = client.request('hall.silent', {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(liveTimers()).toBe(1);
    const err = await pending;
    expect(err).toBeInstanceOf(ClientTimeoutError);
    expect(err).toMatchObject({ code: 'CLIENT_TIMEOUT', route: 'hall.silent', timeoutMs: 50 });
    expect(liveTimers()).toBe(0);
  });

  it('rejects requests before connect and after close with ConnectionClosedError', async () => {
    const server = await startTinyServer(gateLike);
    cleanups.push(() => server.close());
    const client = createNodeClient({ url: server.url });
    await expect(client.request('hall.echo', {})).rejects.toBeInstanceOf(ConnectionClosedError);
    await client.connect();
    await client.close();
    await expect(client.request('hall.echo', {})).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(client.state).toBe('closed');
  });

  it('rejects pending requests when the connection closes and reports the close code', async () => {
    const { server, client } = await setup();
    const closes: CloseInfo[] = [];
    client.onClose((info) => closes.push(info));
    const liveTimers = trackClientTimers();
    const pending = client.request('hall.silent', {}).catch((e: unknown) => e);
    await waitFor(() => (server.conns[0]?.received.length ?? 0) > 0);
    server.conns[0]?.ws.close(4002, 'flooding');
    const err = await pending;
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(err).toMatchObject({ closeCode: 4002, reason: 'flooding' });
    expect(closes).toEqual([{ code: 4002, reason: 'flooding', willReconnect: false }]);
    expect(liveTimers()).toBe(0);
  });

  it('fails connect() with ConnectError when nobody listens', async () => {
    const server = await startTinyServer(gateLike);
    const url = server.url;
    await server.close();
    const client = createNodeClient({ url });
    cleanups.push(() => client.close());
    await expect(client.connect()).rejects.toBeInstanceOf(ConnectError);
    expect(client.state).toBe('closed');
  });

  it('needs a WebSocket implementation', () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      expect(() => new HallwayClient({ url: 'ws://127.0.0.1:1/' })).toThrow(ClientConfigError);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(() => new HallwayClient({ url: 'ws://127.0.0.1:1/', WebSocket })).not.toThrow();
  });
});

describe('HallwayClient pushes', () => {
  it('delivers pushes by route, to onPush, and stops after off()', async () => {
    const { server, client } = await setup({ format: 'msgpack' });
    const chats: unknown[] = [];
    const all: string[] = [];
    const onChat = (body: unknown) => chats.push(body);
    client.on('hall.chat', onChat);
    const stop = client.onPush((route) => all.push(route));
    await client.ping();
    const conn = server.conns[0]!;
    conn.push('hall.chat', { from: { userId: 'u1', name: 'a' }, text: 'hi', ts: 1 });
    conn.push('game.state', { x: 1 });
    await waitFor(() => all.length === 2);
    expect(chats).toEqual([{ from: { userId: 'u1', name: 'a' }, text: 'hi', ts: 1 }]);
    client.off('hall.chat', onChat);
    stop();
    conn.push('hall.chat', { text: 'again' });
    await client.ping(); // the push above was delivered before this reply
    expect(chats).toHaveLength(1);
    expect(all).toEqual(['hall.chat', 'game.state']);
  });

  it('keeps going when a handler throws or the server sends garbage, reporting both as errors', async () => {
    const { server, client } = await setup();
    const errors: unknown[] = [];
    const got: unknown[] = [];
    client.on('error', ({ error }) => errors.push(error));
    client.on('hall.chat', () => {
      throw new Error('handler bug');
    });
    client.on('hall.chat', (body) => got.push(body));
    await client.ping();
    server.conns[0]!.ws.send('{not json');
    server.conns[0]!.ws.send(JSON.stringify({ id: 'x', ok: 'maybe' }));
    server.conns[0]!.push('hall.chat', { text: 'hi' });
    expect(await client.echo('still works')).toBe('still works');
    expect(got).toEqual([{ text: 'hi' }]);
    expect(errors.map((e) => (e as { code?: string }).code ?? (e as Error).message)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'handler bug']);
  });
});

describe('HallwayClient login, logout and reconnect', () => {
  it('logs in, keeps the resume token and logs out without reconnecting', async () => {
    const { client } = await setup({ reconnect: { enabled: true, minDelayMs: 10 } });
    const reply = await client.login({ name: 'ann' });
    expect(reply.name).toBe('ann');
    expect(client.resumeToken).toBe(`r-${reply.userId}`);
    const closes: CloseInfo[] = [];
    client.onClose((info) => closes.push(info));
    await client.logout();
    expect(client.state).toBe('closed');
    expect(closes).toEqual([{ code: 1000, reason: 'logout', willReconnect: false }]);
  });

  it('reconnects after a drop, logs in again with the resume token and emits reconnected', async () => {
    const { server, client } = await setup({ reconnect: { enabled: true, minDelayMs: 10, maxDelayMs: 50 } });
    const first = await client.login({ name: 'bob' });
    const events: string[] = [];
    client.on('close', (c) => events.push(`close:${c.code}:${c.willReconnect}`));
    client.on('reconnecting', (r) => events.push(`reconnecting:${r.attempt}`));
    const reconnected = new Promise<unknown>((resolve) => client.on('reconnected', resolve));
    server.conns[0]!.ws.terminate();
    const info = (await reconnected) as { login: { userId: string } };
    expect(info.login.userId).toBe(first.userId);
    expect(events).toEqual(['close:1006:true', 'reconnecting:1']);
    expect(server.conns).toHaveLength(2);
    expect(server.conns[1]!.received[0]).toMatchObject({ route: 'gate.login', body: { name: 'bob', resume: first.resume } });
    expect(await client.echo('back')).toBe('back');
    expect(client.state).toBe('open');
  });

  it('does not reconnect after close code 4000 (replaced by another login)', async () => {
    const { server, client } = await setup({ reconnect: { enabled: true, minDelayMs: 10 } });
    await client.login({ name: 'cy' });
    const closed = new Promise<CloseInfo>((resolve) => client.onClose(resolve));
    server.conns[0]!.ws.close(4000, 'replaced');
    expect(await closed).toEqual({ code: 4000, reason: 'replaced', willReconnect: false });
    expect(client.state).toBe('closed');
    expect(server.conns).toHaveLength(1);
  });

  it('gives up after maxAttempts and close() during backoff leaves no timer', async () => {
    const { server, client } = await setup({ reconnect: { enabled: true, minDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } });
    await client.ping();
    const failed = new Promise<unknown>((resolve) => client.on('reconnectFailed', resolve));
    await server.close(); // nobody listens any more: every attempt fails
    expect(await failed).toMatchObject({ error: expect.any(ConnectionClosedError) });
    expect(client.state).toBe('closed');

    const other = await startTinyServer(gateLike);
    cleanups.push(() => other.close());
    const c2 = createNodeClient({ url: other.url, reconnect: { enabled: true, minDelayMs: 10_000 } });
    await c2.connect();
    const liveTimers = trackClientTimers();
    const scheduled = new Promise<unknown>((resolve) => c2.on('reconnecting', resolve));
    other.conns[0]!.ws.terminate();
    await scheduled;
    expect(c2.state).toBe('reconnecting');
    expect(liveTimers()).toBe(1);
    await c2.close();
    expect(c2.state).toBe('closed');
    expect(liveTimers()).toBe(0);
  });
});
