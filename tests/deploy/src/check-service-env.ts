import { GameEnvSchema } from '@hallway/game';
import { GateEnvSchema } from '@hallway/gate';
import { HallEnvSchema } from '@hallway/hall';
import { ObserverEnvSchema, parseObserverEnv } from '@hallway/observer';
import { ConfigError, parseEnv, type Env } from '@hallway/runtime';
import type { AppName } from './compose-file.js';

/** Each app's own parse of its environment (what its main.ts runs) and the variables it knows. */
const APP_ENV: Record<AppName, { parse: (env: Env) => unknown; known: readonly string[] }> = {
  observer: { parse: parseObserverEnv, known: Object.keys(ObserverEnvSchema.shape) },
  gate: { parse: (env) => parseEnv(GateEnvSchema, env), known: Object.keys(GateEnvSchema.shape) },
  hall: { parse: (env) => parseEnv(HallEnvSchema, env), known: Object.keys(HallEnvSchema.shape) },
  game: { parse: (env) => parseEnv(GameEnvSchema, env), known: Object.keys(GameEnvSchema.shape) },
};

/** Variables a container gets that are not the app's configuration. */
const NOT_CONFIG = new Set(['NODE_ENV', 'NODE_OPTIONS', 'TZ']);

/**
 * Checks a service's environment the way its process will read it: with the app's own
 * schema, so a bad value fails here rather than at `docker compose up`. A variable the
 * app does not read is a problem too (zod drops unknown keys silently: a typo such as
 * HEARTBEAT_SM would otherwise go unnoticed).
 */
export function checkServiceEnv(app: AppName, environment: Readonly<Record<string, string>>): string[] {
  const { parse, known } = APP_ENV[app];
  const problems = Object.keys(environment)
    .filter((key) => !known.includes(key) && !NOT_CONFIG.has(key))
    .map((key) => `${key} is not a variable the ${app} reads`);
  try {
    parse({ ...environment });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.issues.map((i) => `${i.variable}: ${i.message}`));
  }
  return problems;
}
