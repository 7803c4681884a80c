#!/usr/bin/env node
// The hall process: the only place that reads the environment, handles signals
// and exits.
import { ConfigError, createLogger, parseEnv, startRuntime } from '@hallway/runtime';
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
  const runtime = await startRuntime({
    type: 'hall',
    config,
    logger,
    onFatal: (err) => {
      logger.fatal({ err }, 'hall cannot go on');
      process.exit(1);
    },
  });
  const hall = createHall({ runtime, config: hallOptionsOf(config) });
  try {
    await hall.start();
  } catch (err) {
    // Give the id lease back at once rather than leave it held until its TTL runs out.
    logger.fatal({ err }, 'hall failed to start');
    await runtime.shutdown('start failed');
    process.exit(1);
  }

  let stopping = false;
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
  process.stderr.write(`hall: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
