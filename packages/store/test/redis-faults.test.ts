import { startRedis, type RedisHandle } from '@hallway/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RedisStore, StoreUnavailableError } from '../src/index.js';
import { uniquePrefix, waitFor } from './helpers.js';

// Its own redis-server: these tests kill and pause it.
let redis: RedisHandle;
const open: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  if (!redis.isRunning()) await redis.restart();
  redis.resume();
});
afterAll(async () => {
  await redis?.stop();
});

function store(options: { readyTimeoutMs?: number; commandTimeoutMs?: number } = {}): RedisStore {
  const s = new RedisStore({ redis: redis.url, keyPrefix: uniquePrefix(), ...options });
  open.push(s);
  return s;
}

async function elapsed<T>(work: Promise<T>): Promise<{ ms: number; result: T | undefined; error: unknown }> {
  const start = Date.now();
  try {
    const result = await work;
    return { ms: Date.now() - start, result, error: undefined };
  } catch (error) {
    return { ms: Date.now() - start, result: undefined, error };
  }
}

it('fails fast with StoreUnavailableError while Redis is down, and works again after a restart', async () => {
  const s = store({ readyTimeoutMs: 500 });
  await s.setUserRoom('u1', 'r1');
  await redis.kill('SIGKILL');

  const down = await elapsed(s.getUserRoom('u1'));
  expect(down.error).toBeInstanceOf(StoreUnavailableError);
  expect(down.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  expect((down.error as Error).cause).toBeInstanceOf(Error);
  expect(down.ms).toBeLessThan(2_000);
  const lease = await elapsed(s.acquireLease('hall', { ttlMs: 10_000 }));
  expect(lease.error).toBeInstanceOf(StoreUnavailableError);

  await redis.restart();
  // The restarted Redis is empty (no persistence in tests), but the store must be usable.
  const recoveredIn = await waitFor(
    () => s.getUserRoom('u1').then(() => true, () => false),
    5_000,
    'the store to work again after the restart',
  );
  expect(recoveredIn).toBeLessThan(5_000);
  await s.setUserRoom('u1', 'r2');
  await expect(s.getUserRoom('u1')).resolves.toBe('r2');
  // Scripts are loaded again after the restart emptied the script cache.
  expect((await s.acquireLease('hall', { ttlMs: 10_000 })).serverId).toBe('hall001');
});

it('a command on a silent Redis times out with StoreUnavailableError instead of hanging', async () => {
  const s = store({ commandTimeoutMs: 300 });
  await s.countPresence();
  redis.pause();
  const stuck = await elapsed(s.countPresence());
  redis.resume();
  expect(stuck.error).toBeInstanceOf(StoreUnavailableError);
  expect(stuck.ms).toBeGreaterThanOrEqual(250);
  expect(stuck.ms).toBeLessThan(1_500);
  await waitFor(() => s.countPresence().then(() => true, () => false), 5_000, 'the store to answer again');
});

it('waits for a connection that is still coming up instead of failing at once', async () => {
  const s = store();
  // Right after construction the client is still connecting: the first call must not fail.
  await expect(s.countPresence()).resolves.toBe(0);
});

it('never runs an operation late: a call that failed during the outage has no effect afterwards', async () => {
  const s = store({ readyTimeoutMs: 300 });
  await redis.kill('SIGKILL');
  await expect(s.setUserRoom('late', 'r1')).rejects.toBeInstanceOf(StoreUnavailableError);
  await redis.restart();
  await waitFor(() => s.countPresence().then(() => true, () => false), 5_000, 'reconnect');
  await expect(s.getUserRoom('late')).resolves.toBeUndefined();
});
