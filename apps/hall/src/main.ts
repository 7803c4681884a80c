#!/usr/bin/env node
// The hall process: the only place that reads the environment, handles signals and
// exits. Exit codes: 0 after SIGTERM/SIGINT, 1 for bad config, a failed start or a fatal
// runtime error (lease lost, fenced).
import { ConfigError, createLogger, launchService, parseEnv } from '@hallway/runtime';
import { HallEnvSchema, hallOptionsOf, type HallConfig } from './config.js';
import { createHall } from './hall.js';

async function main(): Promise<void> {
  let config: HallConfig;
  try {
    config = parseEnv(HallEnvSchema, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`hall: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'hall' });
  const runtime = await launchService({
    type: 'hall',
    config,
    logger,
    create: (rt) => createHall({ runtime: rt, config: hallOptionsOf(config) }),
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
  process.stderr.write(`hall: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
