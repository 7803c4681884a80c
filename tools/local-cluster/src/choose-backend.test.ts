import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend } from './choose-backend.js';
import { UsageError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'local-cluster-bin-'));
const fakeRedis = join(dir, 'redis-server');
writeFileSync(fakeRedis, '#!/bin/sh\n');
chmodSync(fakeRedis, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chooseBackend', () => {
  it('uses REDIS_URL when set, even with redis-server installed', () => {
    expect(chooseBackend({ memory: false, redisUrl: 'redis://r:6379', redisServerBin: undefined, searchPath: dir })).toEqual({
      kind: 'external-redis',
      url: 'redis://r:6379',
    });
  });

  it('starts a private redis-server found on PATH', () => {
    expect(chooseBackend({ memory: false, redisUrl: undefined, redisServerBin: undefined, searchPath: `/nonexistent:${dir}` })).toEqual({
      kind: 'private-redis',
      bin: fakeRedis,
    });
  });

  it('falls back to the in-memory bus without REDIS_URL and redis-server', () => {
    expect(chooseBackend({ memory: false, redisUrl: undefined, redisServerBin: undefined, searchPath: '/nonexistent' })).toEqual({
      kind: 'memory',
      reason: 'no-redis-server',
    });
  });

  it('--memory wins over everything', () => {
    expect(chooseBackend({ memory: true, redisUrl: 'redis://r:6379', redisServerBin: undefined, searchPath: dir })).toEqual({
      kind: 'memory',
      reason: 'requested',
    });
  });

  it('takes REDIS_SERVER_BIN as a path or a name, and refuses one that does not exist', () => {
    expect(chooseBackend({ memory: false, redisUrl: undefined, redisServerBin: fakeRedis, searchPath: '' })).toEqual({ kind: 'private-redis', bin: fakeRedis });
    expect(chooseBackend({ memory: false, redisUrl: undefined, redisServerBin: 'redis-server', searchPath: dir })).toEqual({ kind: 'private-redis', bin: fakeRedis });
    expect(() => chooseBackend({ memory: false, redisUrl: undefined, redisServerBin: join(dir, 'nope'), searchPath: dir })).toThrow(UsageError);
  });
});
