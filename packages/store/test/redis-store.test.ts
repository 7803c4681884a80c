import { startRedis, type RedisHandle } from '@hallway/testkit';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, StoreCommandError } from '../src/index.js';
import { describeStoreContract } from './store-contract.js';
import { entry, presence, room, sleep, uniquePrefix } from './helpers.js';

let redis: RedisHandle;
let raw: Redis;

beforeAll(async () => {
  redis = await startRedis();
  raw = redis.client();
});
afterAll(async () => {
  await redis?.stop();
});

describeStoreContract('RedisStore', () => ({
  createStore: () => new RedisStore({ redis: redis.url, keyPrefix: uniquePrefix() }),
}));

describe('RedisStore on Redis', () => {
  const open: RedisStore[] = [];
  function store(options: Partial<ConstructorParameters<typeof RedisStore>[0]> = {}): RedisStore {
    const s = new RedisStore({ redis: redis.url, keyPrefix: uniquePrefix(), ...options });
    open.push(s);
    return s;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('keeps every key under keyPrefix, laid out as documented', async () => {
    const s = store();
    const p = s.keyPrefix;
    await s.acquireLease('hall', { ttlMs: 10_000 });
    await s.claimPresence(presence('u1', 'c1'));
    await s.saveResume('tok', { userId: 'u1', name: 'Ann' }, 10_000);
    await s.matchOrWait('duel', entry('u1'), 10_000);
    await s.putRoom(room('r1'));
    await s.setUserRoom('u1', 'r1');
    await s.saveRegistry([]);
    const keys = (await raw.keys(`${p}*`)).sort();
    expect(keys).toEqual(
      ['epoch:hall001', 'lease:hall001', 'presence', 'presence:u1', 'queue:duel', 'registry', 'resume:tok', 'rooms', 'userroom:u1'].map(
        (k) => p + k,
      ),
    );
    expect(await raw.pttl(`${p}lease:hall001`)).toBeGreaterThan(9_000);
    expect(await raw.pttl(`${p}resume:tok`)).toBeGreaterThan(9_000);
    expect(await raw.pttl(`${p}queue:duel`)).toBeGreaterThan(9_000);
    expect(await raw.type(`${p}rooms`)).toBe('hash');
    expect(await raw.type(`${p}queue:duel`)).toBe('list');
  });

  it('uses the default prefix "hallway:"', async () => {
    const s = store({ keyPrefix: undefined });
    expect(s.keyPrefix).toBe('hallway:');
    await s.setUserRoom('prefix-check-user', 'r9');
    expect(await raw.get('hallway:userroom:prefix-check-user')).toBe('r9');
    await s.setUserRoom('prefix-check-user', null);
    expect(await raw.exists('hallway:userroom:prefix-check-user')).toBe(0);
  });

  it('skips records that are not valid JSON and counts them', async () => {
    const s = store();
    const p = s.keyPrefix;
    await s.putRoom(room('good'));
    await raw.hset(`${p}rooms`, 'broken', '{not json');
    await raw.set(`${p}presence:u9`, 'garbage');
    await raw.set(`${p}resume:t9`, '{"userId": 5}');
    await raw.set(`${p}registry`, '{"not": "a list"}');
    expect((await s.listRooms()).map((r) => r.roomId)).toEqual(['good']);
    await expect(s.getRoom('broken')).resolves.toBeUndefined();
    await expect(s.getPresence('u9')).resolves.toBeUndefined();
    await expect(s.loadResume('t9')).resolves.toBeUndefined();
    await expect(s.loadRegistry()).resolves.toEqual([]);
    expect(s.stats().invalidRecords).toBe(5);
    // A broken presence is replaced by a claim (and reported as no previous session).
    await expect(s.claimPresence(presence('u9', 'c1'))).resolves.toBeUndefined();
    await expect(s.releasePresence('u9', 'c1')).resolves.toBe(true);
  });

  it('drops unreadable queue entries instead of matching them', async () => {
    const s = store();
    await raw.rpush(`${s.keyPrefix}queue:duel`, 'junk', '{"userId":"x"}');
    await expect(s.matchOrWait('duel', entry('a'), 10_000)).resolves.toBeUndefined();
    expect(await raw.lrange(`${s.keyPrefix}queue:duel`, 0, -1)).toHaveLength(1);
  });

  it('keeps epochs growing when Redis loses its data', async () => {
    const s = store();
    const first = await s.acquireLease('game', { ttlMs: 10_000 });
    await raw.del(`${s.keyPrefix}lease:game001`, `${s.keyPrefix}epoch:game001`);
    // The wall clock is the floor once the counter is gone: a later millisecond is enough.
    await sleep(2);
    const second = await s.acquireLease('game', { ttlMs: 10_000 });
    expect(second.serverId).toBe('game001');
    expect(second.epoch).toBeGreaterThan(first.epoch);
  });

  it('reports a foreign value under its keys as StoreCommandError', async () => {
    const s = store();
    await raw.set(`${s.keyPrefix}rooms`, 'not a hash');
    const error = await s.listRooms().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCommandError);
    expect(error).toMatchObject({ code: 'STORE_COMMAND_FAILED' });
  });

  it("refuses ioredis' own keyPrefix", () => {
    expect(() => new RedisStore({ redis: { host: redis.host, port: redis.port, keyPrefix: 'x:' } })).toThrow(TypeError);
  });

  it('accepts ioredis options as well as a URL', async () => {
    const s = store({ redis: { host: redis.host, port: redis.port } });
    await s.saveRegistry([{ id: 'observer', type: 'observer', epoch: 1, load: 0, meta: {} }]);
    expect(await s.loadRegistry()).toHaveLength(1);
  });
});
