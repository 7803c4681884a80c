import { ServerIdSchema } from '@hallway/protocol';
import { z } from 'zod';
import { envEnum, envHostPorts, envMs, envPort, envString } from './env-vars.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The environment variables every hallway service reads, with their defaults. Apps
 * extend it (`RuntimeEnvSchema.extend({ GATE_PORT: envPort().default(8000) })`) and
 * parse with `parseEnv`, which also fills the defaults that depend on other variables
 * (LEASE_TTL_MS) and reports every bad variable at once.
 *
 * It stays a plain `z.object` (no refinements or transforms at the object level) so
 * that `.extend()` keeps working; cross-variable rules live in `parseEnv`.
 */
export const RuntimeEnvSchema = z.object({
  /** Redis for the bus and the store (ignored for the bus when REDIS_SENTINELS is set; its password/db still apply). */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  /** `host:port,host:port`: connect through Sentinel instead of REDIS_URL's host. */
  REDIS_SENTINELS: envHostPorts().optional(),
  REDIS_SENTINEL_NAME: envString('expected the Sentinel master name').default('mymaster'),
  /** `memory` runs every service of the process on one in-memory broker and store (single-process cluster). */
  BUS: envEnum(['redis', 'memory']).default('redis'),
  /** Prefix of every store key in Redis. */
  KEY_PREFIX: z.string().default('hallway:'),
  /** Prefix of every pub/sub channel (`channel:hall001`). */
  CHANNEL_PREFIX: z.string().default('channel:'),
  /** A fixed server id (e.g. hall001); by default the lowest free id of the type is leased. */
  SERVER_ID: z
    .string()
    .refine((v) => ServerIdSchema.safeParse(v).success, {
      error: 'expected a server id: gate, hall or game followed by 3-6 digits (e.g. hall001), or "observer"',
    })
    .optional(),
  /** Address the HTTP server (health, metrics) binds to. */
  HOST: envString('expected a host name or IP address').default('0.0.0.0'),
  /** Port of the HTTP server; 0 picks any free port. */
  HTTP_PORT: envPort().default(0),
  /** How often the server heartbeats to the observer (and renews its lease). */
  HEARTBEAT_MS: envMs(50, 60_000).default(1000),
  /** How long the id lease lives without renewal. Default: 3 × HEARTBEAT_MS; must be at least 2 × HEARTBEAT_MS. */
  LEASE_TTL_MS: envMs(100, 600_000).optional(),
  LOG_LEVEL: envEnum(LOG_LEVELS).default('info'),
  /** Budget for the whole orderly shutdown (hooks, leave, drain, release, close). */
  SHUTDOWN_TIMEOUT_MS: envMs(100, 60_000).default(8000),
});

export type RuntimeConfig = z.infer<typeof RuntimeEnvSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The lease TTL in effect: LEASE_TTL_MS, or 3 × HEARTBEAT_MS when unset. */
export function leaseTtlOf(config: Pick<RuntimeConfig, 'HEARTBEAT_MS' | 'LEASE_TTL_MS'>): number {
  return config.LEASE_TTL_MS ?? 3 * config.HEARTBEAT_MS;
}
