import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';

export type Env = Record<string, string | undefined>;

export interface ParseEnvOptions<T> {
  /**
   * Rules across variables (e.g. "DEAD_AFTER_MS ≥ 2 × HEARTBEAT_MS"), run once every
   * variable parsed. May fill derived defaults on `config` (it is a fresh object).
   */
  check?: (config: T) => ConfigIssue[];
}

/** Variable names whose values never appear in error messages. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL/i;

/**
 * Parses the environment with an env schema (`RuntimeEnvSchema` or an extension of it)
 * and returns the typed config, or throws `ConfigError` naming every bad variable with
 * what is expected and what it got. Empty values count as unset (compose files often
 * pass `FOO=`). For schemas built on `RuntimeEnvSchema` it also fills LEASE_TTL_MS
 * (3 × HEARTBEAT_MS) and checks it against HEARTBEAT_MS.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env, options: ParseEnvOptions<z.output<S>> = {}): z.output<S> {
  const input: Env = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') input[key] = value;

  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues: ConfigIssue[] = [];
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      // One line per variable: the first failed check says what is expected.
      if (seen.has(variable)) continue;
      seen.add(variable);
      issues.push({ variable, message: `${issue.message}, ${describeValue(variable, input[variable])}` });
    }
    throw new ConfigError(issues);
  }

  const config = { ...parsed.data } as z.output<S>;
  const issues = [...runtimeChecks(schema.shape, config as Record<string, unknown>), ...(options.check?.(config) ?? [])];
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

/** Cross-variable rules of `RuntimeEnvSchema`, applied when the schema has its variables. */
function runtimeChecks(shape: object, config: Record<string, unknown>): ConfigIssue[] {
  const heartbeat = config.HEARTBEAT_MS;
  if (typeof heartbeat !== 'number' || !hasKey(shape, 'LEASE_TTL_MS')) return [];
  if (config.LEASE_TTL_MS === undefined) {
    config.LEASE_TTL_MS = 3 * heartbeat;
    return [];
  }
  const ttl = config.LEASE_TTL_MS as number;
  // One late renewal must not lose the lease: it has to outlive two intervals.
  if (ttl < 2 * heartbeat) {
    return [
      {
        variable: 'LEASE_TTL_MS',
        message: `expected at least 2 × HEARTBEAT_MS (${2 * heartbeat}) so that one late renewal does not lose the id, got ${ttl}`,
      },
    ];
  }
  return [];
}

function hasKey(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return 'but it is not set';
  if (SECRET_NAME.test(variable)) return 'got a value that is not shown (secret)';
  return `got ${JSON.stringify(redactUrlPassword(value))}`;
}

/** `redis://user:secret@host` → `redis://user:***@host`: safe for logs and errors. */
export function redactUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1***@');
}
