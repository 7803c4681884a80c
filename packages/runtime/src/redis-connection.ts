import type { RedisOptions } from 'ioredis';
import type { RuntimeConfig } from './config.js';

/**
 * How the bus and the store reach Redis: REDIS_URL as is, or — when REDIS_SENTINELS
 * is set — Sentinel discovery of REDIS_SENTINEL_NAME, keeping REDIS_URL's
 * credentials, database and TLS.
 */
export function redisConnectionOf(config: Pick<RuntimeConfig, 'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME'>): string | RedisOptions {
  if (!config.REDIS_SENTINELS?.length) return config.REDIS_URL;
  const url = new URL(config.REDIS_URL);
  const options: RedisOptions = { sentinels: config.REDIS_SENTINELS.map((s) => ({ ...s })), name: config.REDIS_SENTINEL_NAME };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  const db = Number(url.pathname.replace(/^\//, ''));
  if (url.pathname.length > 1 && Number.isInteger(db)) options.db = db;
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}
