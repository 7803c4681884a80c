import { envJson, envMs, envPort, parseEnv, RuntimeEnvSchema, type ConfigIssue, type Env } from '@hallway/runtime';
import { ServerTypeSchema, type ServerType } from '@hallway/protocol';
import { z } from 'zod';

/** For each server type, the server types it may publish to. */
export type PermissionTable = Partial<Record<ServerType, readonly ServerType[]>>;

export const PermissionTableSchema = z.partialRecord(ServerTypeSchema, z.array(ServerTypeSchema));

/**
 * The default table. The original design has `hall → [gate, observer]` and
 * `game → [gate, observer]`; one flow (ARCHITECTURE.md, "Quick match and placement")
 * needs more: hall → game, because the hall places rooms on the least-loaded game
 * replica and asks it to open the room (and to re-seat a returning player) before the
 * players are bound to it. The game server reaches players through their gates and
 * keeps room records in the store, so it needs no channel to the hall.
 * Every type may reach the observer: heartbeats and leaves (the runtime keeps it in
 * every list regardless).
 */
export const DEFAULT_PERMISSION_TABLE: PermissionTable = Object.freeze({
  gate: ['hall', 'game', 'observer'],
  hall: ['gate', 'game', 'observer'],
  game: ['gate', 'observer'],
});

export const ObserverEnvSchema = RuntimeEnvSchema.extend({
  /**
   * A server not heard from for this long is dropped. Default 4 × HEARTBEAT_MS; at
   * least 2 × HEARTBEAT_MS, so that a single late heartbeat never kills a live server.
   */
  DEAD_AFTER_MS: envMs(100, 600_000).optional(),
  /** JSON: server type → server types it may publish to. Default: `DEFAULT_PERMISSION_TABLE`. */
  PERMISSIONS: envJson(PermissionTableSchema, 'a JSON object of server type → server types, e.g. {"gate":["hall","game","observer"]}').optional(),
  /** The observer has a well-known port: its /cluster page is what operators open. */
  HTTP_PORT: envPort().default(8090),
});

export type ObserverEnv = z.infer<typeof ObserverEnvSchema>;

/** The observer's config with the derived defaults filled in. */
export type ObserverConfig = Omit<ObserverEnv, 'DEAD_AFTER_MS' | 'PERMISSIONS'> & {
  DEAD_AFTER_MS: number;
  PERMISSIONS: PermissionTable;
};

/** Parses the observer's environment; throws `ConfigError` naming every bad variable. */
export function parseObserverEnv(env: Env): ObserverConfig {
  const parsed = parseEnv(ObserverEnvSchema, env, { check: observerChecks });
  return resolveObserverConfig(parsed);
}

/** Fills DEAD_AFTER_MS (4 × HEARTBEAT_MS) and PERMISSIONS (the default table). */
export function resolveObserverConfig(env: ObserverEnv): ObserverConfig {
  return {
    ...env,
    DEAD_AFTER_MS: env.DEAD_AFTER_MS ?? 4 * env.HEARTBEAT_MS,
    PERMISSIONS: env.PERMISSIONS ?? DEFAULT_PERMISSION_TABLE,
  };
}

function observerChecks(env: ObserverEnv): ConfigIssue[] {
  if (env.DEAD_AFTER_MS === undefined || env.DEAD_AFTER_MS >= 2 * env.HEARTBEAT_MS) return [];
  return [
    {
      variable: 'DEAD_AFTER_MS',
      message:
        `expected at least 2 × HEARTBEAT_MS (${2 * env.HEARTBEAT_MS}) so that one late heartbeat never declares a live server dead, ` +
        `got ${env.DEAD_AFTER_MS}`,
    },
  ];
}
