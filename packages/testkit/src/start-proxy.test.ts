import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TcpProxy } from './start-proxy.js';
import { startRedis, type RedisHandle } from './start-redis.js';
import { waitUntil } from './wait-until.js';

let redis: RedisHandle;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

let proxy: TcpProxy;
let clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients) client.disconnect();
  clients = [];
  await proxy.close();
});

/** Resolves on the client's 'close' with the error it saw first, if any (events.once would reject on it). */
function closeOf(client: Redis): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    let seen: NodeJS.ErrnoException | undefined;
    client.on('error', (error: NodeJS.ErrnoException) => (seen ??= error));
    client.once('close', () => resolve(seen));
  });
}

/** An ioredis client through the proxy that fails fast and never reconnects. */
function clientThroughProxy(commandTimeout = 300): Redis {
  const client = redis.client({ port: proxy.port, commandTimeout, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  clients.push(client);
  return client;
}

describe('startProxy', () => {
  it('passes traffic through and counts connections', async () => {
    proxy = await startProxy({ targetPort: redis.port });
    expect(proxy.url).toBe(`redis://127.0.0.1:${proxy.port}`);
    expect(proxy.mode).toBe('pass');
    const client = clientThroughProxy();
    await client.set('via-proxy', 'yes');
    expect(await redis.client().get('via-proxy')).toBe('yes');
    expect(proxy.connections).toBe(1);
    await client.quit();
    await waitUntil(() => proxy.connections === 0, { description: 'the connection to close' });
  });

  it('blackholeExisting() silences open connections but lets new ones through', async () => {
    proxy = await startProxy({ targetPort: redis.port });
    const before = clientThroughProxy();
    expect(await before.ping()).toBe('PONG');

    proxy.blackholeExisting();
    await expect(before.ping()).rejects.toThrow(/timed out/i);
    expect(before.status).toBe('ready'); // no FIN, no RST: the client cannot tell

    const after = clientThroughProxy();
    expect(await after.ping()).toBe('PONG');
    expect(proxy.connections).toBe(2);
  });

  it('cutAll() resets every open connection', async () => {
    proxy = await startProxy({ targetPort: redis.port });
    const client = clientThroughProxy();
    expect(await client.ping()).toBe('PONG');
    const closed = closeOf(client);
    proxy.cutAll();
    expect((await closed)?.code).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
  });

  it("mode 'refuse' resets new connections", async () => {
    proxy = await startProxy({ targetPort: redis.port });
    proxy.setMode('refuse');
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
  });

  it("mode 'blackhole' accepts new connections and drops their data", async () => {
    proxy = await startProxy({ targetPort: redis.port });
    proxy.setMode('blackhole');
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.write('PING\r\n');
    await sleep(200);
    expect(received).toBe(0);
    expect(socket.destroyed).toBe(false);
    expect(proxy.connections).toBe(1);
    socket.destroy();

    proxy.setMode('pass');
    expect(await clientThroughProxy().ping()).toBe('PONG');
  });

  it('close() is idempotent and resets open connections', async () => {
    proxy = await startProxy({ targetPort: redis.port });
    const client = clientThroughProxy();
    expect(await client.ping()).toBe('PONG');
    const closed = closeOf(client);
    await Promise.all([proxy.close(), proxy.close()]);
    expect((await closed)?.code).toBe('ECONNRESET');
    await expect(clientThroughProxy().ping()).rejects.toThrow();
  });
});
