export { cleanupOnExit } from './cleanup-on-exit.js';
export { findRedisServer } from './find-redis-server.js';
export { getFreePort } from './free-port.js';
export { RedisNotInstalledError } from './redis-not-installed-error.js';
export { RedisStartError, type RedisStartFailure } from './redis-start-error.js';
export { DEFAULT_START_PROXY_OPTIONS, startProxy, type ProxyMode, type StartProxyOptions, type TcpProxy } from './start-proxy.js';
export { DEFAULT_START_REDIS_OPTIONS, startRedis, type RedisHandle, type StartRedisOptions } from './start-redis.js';
export {
  DEFAULT_START_SENTINEL_SETUP_OPTIONS,
  startSentinelSetup,
  type HostPort,
  type SentinelSetup,
  type StartSentinelSetupOptions,
} from './start-sentinel.js';
export { DEFAULT_WAIT_UNTIL_OPTIONS, waitUntil, type WaitUntilOptions } from './wait-until.js';
