import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStartError } from './redis-start-error.js';
import { startRedis, type RedisHandle } from './start-redis.js';
import { waitUntil } from './wait-until.js';

let handles: RedisHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.map((handle) => handle.stop()));
  handles = [];
});

async function started(...args: Parameters<typeof startRedis>): Promise<RedisHandle> {
  const handle = await startRedis(...args);
  handles.push(handle);
  return handle;
}

/** Whether `pid` runs; a zombie (killed, not yet reaped by its new parent) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

describe('startRedis', () => {
  it('starts a throwaway server that answers PING and SET/GET', async () => {
    const redis = await started({ extraArgs: ['--maxmemory', '12mb'] });
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.port).not.toBe(6379);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const client = redis.client();
    expect(await client.ping()).toBe('PONG');
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    expect(await client.config('GET', 'save')).toEqual(['save', '']);
    expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(12 * 1024 * 1024)]);
  });

  it('restarts on the same port after SIGKILL', async () => {
    const redis = await started();
    const client = redis.client({ maxRetriesPerRequest: 1 });
    await client.set('k', 'v');
    const { pid, port } = redis;

    await redis.kill();
    expect(redis.isRunning()).toBe(false);
    expect(isAlive(pid)).toBe(false);

    await redis.restart();
    expect(redis.isRunning()).toBe(true);
    expect(redis.port).toBe(port);
    expect(redis.pid).not.toBe(pid);
    expect(await redis.client().ping()).toBe('PONG');
    // The old client reconnects by itself; nothing was persisted.
    expect(await waitUntil(() => client.exists('k').then((n) => `exists=${n}`))).toBe('exists=0');
  });

  it('restarts a running server too', async () => {
    const redis = await started();
    const { pid } = redis;
    await redis.restart();
    expect(redis.pid).not.toBe(pid);
    expect(await redis.client().ping()).toBe('PONG');
  });

  it('pause() makes the server stop answering; resume() brings it back', async () => {
    const redis = await started();
    const client = redis.client({ commandTimeout: 300 });
    expect(await client.ping()).toBe('PONG');
    redis.pause();
    await expect(client.ping()).rejects.toThrow(/timed out/i);
    redis.resume();
    expect(await client.ping()).toBe('PONG');
  });

  it('stop() terminates a paused server, removes its dir and is idempotent', async () => {
    const redis = await started();
    const client = redis.client();
    expect(await client.ping()).toBe('PONG');
    redis.pause();
    await Promise.all([redis.stop(), redis.stop()]);
    await redis.stop();
    expect(isAlive(redis.pid)).toBe(false);
    expect(existsSync(redis.dir)).toBe(false);
    expect(client.status).toBe('end');
    expect(() => redis.client()).toThrow(/stopped/);
    await expect(redis.restart()).rejects.toThrow(/stopped/);
  });

  it('kill("SIGTERM") waits for the exit', async () => {
    const redis = await started();
    await redis.kill('SIGTERM');
    expect(redis.isRunning()).toBe(false);
    expect(isAlive(redis.pid)).toBe(false);
  });

  // Runs the built package (turbo builds before testing) in a process that ends without stop().
  it.each([
    ['exits', 'process.exit(0);', false],
    ['is ended by SIGTERM, as vitest ends its workers', 'setInterval(() => undefined, 1000);', true],
  ])('does not let a forgotten server outlive a test process that %s', async (_how, ending, waitsForSignal) => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(dist), `${dist} is missing: build @hallway/testkit first`).toBe(true);
    const script = `const { startRedis } = await import(${JSON.stringify(dist)});
      const redis = await startRedis();
      console.log(JSON.stringify({ pid: redis.pid, dir: redis.dir }));
      ${ending}`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
      if (waitsForSignal) {
        expect(isAlive(pid)).toBe(true);
        child.kill('SIGTERM');
      }
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      await waitUntil(() => !isAlive(pid), { timeoutMs: 2000, description: `redis pid ${pid} to be gone` });
      expect(existsSync(dir)).toBe(false);
    } finally {
      child.kill('SIGKILL'); // only matters if an assertion failed first
    }
  });

  it('reports a server that will not start with RedisStartError and the log tail', async () => {
    const error = (await startRedis({ extraArgs: ['--no-such-directive', 'x'] }).catch((e: unknown) => e)) as RedisStartError;
    expect(error).toBeInstanceOf(RedisStartError);
    expect(error.failure).toBe('exited');
    expect(error.addressInUse).toBe(false);
    expect(error.message).toMatch(/no-such-directive/);
  });

  it('retries a busy port, then reports it as addressInUse', async () => {
    // Reads (and drops) what it gets, so its sockets see the probes' FIN and close.
    const blocker = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const error = (await startRedis({ port, startAttempts: 2 }).catch((e: unknown) => e)) as RedisStartError;
      expect(error).toBeInstanceOf(RedisStartError);
      expect(error.addressInUse).toBe(true);
      expect(error.port).toBe(port);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('the client() it hands out is an ioredis client', async () => {
    const redis = await started();
    expect(redis.client()).toBeInstanceOf(Redis);
  });
});
