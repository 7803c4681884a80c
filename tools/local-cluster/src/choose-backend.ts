import { UsageError } from './errors.js';
import { findRedisServer } from './find-redis-server.js';

/** What the services talk through. */
export type Backend =
  /** REDIS_URL: an existing Redis, shared with whatever else uses it (keys under KEY_PREFIX). */
  | { kind: 'external-redis'; url: string }
  /** A redis-server binary was found: the launcher starts a throwaway one. */
  | { kind: 'private-redis'; bin: string }
  /** No Redis at all, or asked for: every service in the launcher's process on one in-memory bus. */
  | { kind: 'memory'; reason: 'requested' | 'no-redis-server' };

export interface ChooseBackendOptions {
  /** `--memory` / BUS=memory. */
  memory: boolean;
  redisUrl: string | undefined;
  /** REDIS_SERVER_BIN: a path or a name; an explicit binary that is missing is an error, not a fallback. */
  redisServerBin: string | undefined;
  /** The PATH to look for redis-server on. */
  searchPath: string;
}

/** `--memory` wins, then REDIS_URL, then a private redis-server, then the in-memory bus. */
export function chooseBackend(options: ChooseBackendOptions): Backend {
  if (options.memory) return { kind: 'memory', reason: 'requested' };
  if (options.redisUrl !== undefined) return { kind: 'external-redis', url: options.redisUrl };
  const bin = findRedisServer(options.searchPath, options.redisServerBin);
  if (bin !== undefined) return { kind: 'private-redis', bin };
  if (options.redisServerBin !== undefined) {
    throw new UsageError(`REDIS_SERVER_BIN is "${options.redisServerBin}", which is not an executable file (nor a command on PATH)`);
  }
  return { kind: 'memory', reason: 'no-redis-server' };
}
