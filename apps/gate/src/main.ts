#!/usr/bin/env node
// The gate process: the only place that reads the environment, handles signals and
// exits. Exit codes: 0 after SIGTERM/SIGINT, 1 for bad config, a failed start or a fatal
// runtime error (lease lost, fenced).
import { ConfigError, createLogger, launchService, parseEnv } from '@hallway/runtime';
import { GateEnvSchema, gateConfigOf, type GateEnv } from './config.js';
import { createGate } from './gate.js';

async function main(): Promise<void> {
  let config: GateEnv;
  try {
    config = parseEnv(GateEnvSchema, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`gate: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'gate' });
  if (config.AUTH_SECRET !== undefined && Buffer.byteLength(config.AUTH_SECRET) < 32) {
    logger.warn('AUTH_SECRET is shorter than 32 bytes; HS256 wants at least 256 bits of secret');
  }
  const runtime = await launchService({
    type: 'gate',
    config,
    logger,
    create: (rt) => {
      // The gate registers its close() with the runtime: shutdown closes the sockets (1001) first.
      const gate = createGate({ runtime: rt, config: gateConfigOf(config) });
      return { start: () => gate.listen() };
    },
    onFatal: () => process.exit(1),
  });
  // shutdown() is idempotent: a second signal waits for the same orderly shutdown.
  const stop = (signal: NodeJS.Signals): void => {
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
