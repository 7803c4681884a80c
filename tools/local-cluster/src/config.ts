import { parseArgs } from 'node:util';
import { ConfigError, envEnum, envInt, envString, LOG_LEVELS, parseEnv, type ConfigIssue, type Env } from '@hallway/runtime';
import { z } from 'zod';
import { UsageError } from './errors.js';

export const USAGE = `usage: pnpm start [options]        (or: node tools/local-cluster/dist/main.js [options])

Starts a local hallway cluster: the observer, gates, halls and games as real processes.
Redis: REDIS_URL when set; else a private redis-server (free port, no persistence) when
one is on PATH; else everything in this one process on an in-memory bus.

options (each also as an environment variable; a flag wins):
  --gates N            gates, on GATE_PORT, GATE_PORT+1, …           (GATES, default 1)
  --halls N            hall replicas                                  (HALLS, default 2)
  --games N            game server replicas                           (GAMES, default 2)
  --gate-port PORT     the first gate's WebSocket port                (GATE_PORT, default 8000)
  --observer-port PORT the observer's HTTP port: dashboard, /cluster  (OBSERVER_PORT, default 8090)
  --redis-url URL      use this Redis instead of starting one         (REDIS_URL)
  --memory             one process on the in-memory bus, even with Redis around (BUS=memory)
  --log-level LEVEL    fatal|error|warn|info|debug|trace|silent       (LOG_LEVEL, default info)
  -h, --help           this text

REDIS_SERVER_BIN names the redis-server to start. Every other variable (AUTH_SECRET,
HEARTBEAT_MS, …) is handed to the services as it is; see the README's table.`;

/** The launcher's own variables. GATE_PORT is the first gate's port; the others count up. */
export const LocalClusterEnvSchema = z.object({
  GATES: envInt(1, 16).default(1),
  HALLS: envInt(1, 32).default(2),
  GAMES: envInt(1, 32).default(2),
  GATE_PORT: envInt(1, 65535, 'expected a port 1-65535').default(8000),
  OBSERVER_PORT: envInt(1, 65535, 'expected a port 1-65535').default(8090),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).optional(),
  BUS: envEnum(['redis', 'memory']).optional(),
  REDIS_SERVER_BIN: envString('expected a path or a command name').optional(),
  LOG_LEVEL: envEnum(LOG_LEVELS).default('info'),
});
export type LocalClusterEnv = z.output<typeof LocalClusterEnvSchema>;

export type ParsedArgs = { kind: 'help' } | { kind: 'run'; config: LocalClusterEnv };

/** Each flag and the variable it sets. */
const FLAGS = {
  gates: 'GATES',
  halls: 'HALLS',
  games: 'GAMES',
  'gate-port': 'GATE_PORT',
  'observer-port': 'OBSERVER_PORT',
  'redis-url': 'REDIS_URL',
  'log-level': 'LOG_LEVEL',
} as const satisfies Record<string, keyof LocalClusterEnv>;

/**
 * Reads the command line and the environment (pure: main.ts hands both in). Throws
 * `UsageError` naming every bad flag or variable.
 */
export function parseLocalClusterArgs(argv: readonly string[], env: Env): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }]));
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, memory: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help === true) return { kind: 'help' };

  const input: Env = { ...env };
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') input[variable] = value;
  }
  if (values.memory === true) input.BUS = 'memory';

  let config: LocalClusterEnv;
  try {
    config = parseEnv(LocalClusterEnvSchema, pick(input, Object.keys(LocalClusterEnvSchema.shape)), { check: crossChecks });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new UsageError(`invalid options:\n${err.issues.map((i) => `  ${nameOf(i.variable)}: ${i.message}`).join('\n')}\n\n${USAGE}`);
  }
  return { kind: 'run', config };
}

function crossChecks(config: LocalClusterEnv): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const lastGatePort = config.GATE_PORT + config.GATES - 1;
  if (lastGatePort > 65535) issues.push({ variable: 'GATE_PORT', message: `${config.GATES} gates from port ${config.GATE_PORT} go past 65535` });
  if (config.OBSERVER_PORT >= config.GATE_PORT && config.OBSERVER_PORT <= lastGatePort) {
    issues.push({ variable: 'OBSERVER_PORT', message: `${config.OBSERVER_PORT} is one of the gates' ports (${config.GATE_PORT}-${lastGatePort})` });
  }
  return issues;
}

/** `--halls / HALLS`, so the message says both ways of setting it. */
function nameOf(variable: string): string {
  const flag = Object.entries(FLAGS).find(([, v]) => v === variable)?.[0] ?? (variable === 'BUS' ? 'memory' : undefined);
  return flag === undefined ? variable : `--${flag} / ${variable}`;
}

function pick(env: Env, keys: readonly string[]): Env {
  return Object.fromEntries(keys.map((k) => [k, env[k]]));
}
