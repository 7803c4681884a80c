#!/usr/bin/env node
// The gate process: the only place that reads the environment, handles signals and exits.
import { ConfigError, createLogger, parseEnv, startRuntime } from '@hallway/runtime';
import { GateEnvSchema, gateConfigOf, type GateEnv } from './config.js';
import { createGate } from './gate.js';

async function main(): Promise<void> {
  let env: GateEnv;
  try {
    env = parseEnv(GateEnvSchema, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`gate: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'gate' });
  if (env.AUTH_SECRET !== undefined && Buffer.byteLength(env.AUTH_SECRET) < 32) {
    logger.warn('AUTH_SECRET is shorter than 32 bytes; HS256 wants at least 256 bits of secret');
  }
  const runtime = await startRuntime({
    type: 'gate',
    config: env,
    logger,
    onFatal: (err) => {
      logger.fatal({ err }, 'gate cannot go on');
      process.exit(1);
    },
  });
  const gate = createGate({ runtime, config: gateConfigOf(env) });
  try {
    await gate.listen();
  } catch (err) {
    logger.fatal({ err }, 'gate cannot listen');
    await runtime.shutdown('listen failed').catch(() => undefined);
    process.exit(1);
  }

  let stopping = false;
  // The gate registered its close() with the runtime: shutdown closes the sockets (1001) first.
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    runtime.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`gate: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
