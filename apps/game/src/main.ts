#!/usr/bin/env node
// The game server process: the only place that reads the environment, handles signals
// and exits.
import { ConfigError, createLogger, parseEnv, startRuntime } from '@hallway/runtime';
import { GameEnvSchema, gameOptionsOf, type GameConfig } from './config.js';
import { createGame } from './game.js';

async function main(): Promise<void> {
  let config: GameConfig;
  try {
    config = parseEnv(GameEnvSchema, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`game: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'game' });
  const runtime = await startRuntime({
    type: 'game',
    config,
    logger,
    onFatal: (err) => {
      logger.fatal({ err }, 'game server cannot go on');
      process.exit(1);
    },
  });
  const game = createGame({ runtime, config: gameOptionsOf(config) });
  try {
    await game.start();
  } catch (err) {
    // Give the id lease back at once rather than leave it held until its TTL runs out.
    logger.fatal({ err }, 'game failed to start');
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
  process.stderr.write(`game: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
