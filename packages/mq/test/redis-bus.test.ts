import { startRedis, type RedisHandle } from '@hallway/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisBus } from '../src/index.js';
import { describeBusContract } from './bus-contract.js';

let redis: RedisHandle;
let raw: Redis;

beforeAll(async () => {
  redis = await startRedis();
  raw = redis.client();
});
afterAll(async () => {
  await redis?.stop();
});

describeBusContract('RedisBus', () => ({
  createBus: (options) => new RedisBus({ ...options, redis: redis.url, probeIntervalMs: 200, probeTimeoutMs: 500 }),
  injectRaw: async (channel, payload) => {
    await raw.publish(channel, payload);
  },
  outage: () => redis.kill('SIGKILL'),
  recover: () => redis.restart(),
  recoverWithinMs: 3000,
}));
