import { afterEach, describe, expect, it, vi } from 'vitest';
import { findRedisServer } from './find-redis-server.js';
import { RedisNotInstalledError } from './redis-not-installed-error.js';
import { startRedis } from './start-redis.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('findRedisServer', () => {
  it('finds redis-server on this machine', () => {
    expect(findRedisServer()).toMatch(/redis-server$/);
  });

  it('rejects a `bin` that does not exist, saying how to install Redis', async () => {
    await expect(startRedis({ bin: '/nonexistent/redis-server' })).rejects.toBeInstanceOf(RedisNotInstalledError);
    await expect(startRedis({ bin: '/nonexistent/redis-server' })).rejects.toThrow(
      /\/nonexistent\/redis-server.*apt-get install redis-server.*brew install redis.*REDIS_SERVER_BIN/s,
    );
  });

  it('honours REDIS_SERVER_BIN', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/from-env/redis-server');
    await expect(startRedis()).rejects.toThrow(RedisNotInstalledError);
    await expect(startRedis()).rejects.toThrow(/from-env.*REDIS_SERVER_BIN/s);
  });

  it('rejects a bare name that is not on PATH', () => {
    expect(() => findRedisServer('no-such-redis-server-binary')).toThrow(RedisNotInstalledError);
  });
});
