#!/usr/bin/env node
import { ConfigError, createLogger, launchService } from '@hallway/runtime';
import { parseObserverEnv } from './config.js';
import { createObserver } from './observer.js';

/**
 * The observer process: the only place that reads the environment, handles signals
 * and exits. Exit codes: 0 after SIGTERM/SIGINT, 1 for bad config, a failed start
 * or a fatal runtime error.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseObserverEnv(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`observer: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'observer' });

  const runtime = await launchService({
    type: 'observer',
    config,
    logger,
    create: (rt) => {
      const observer = createObserver({ runtime: rt, config });
      rt.onShutdown(() => observer.close());
      return observer;
    },
    onFatal: () => process.exit(1),
  });
  // shutdown() is idempotent: a second signal waits for the same orderly shutdown.
  const stop = (signal: NodeJS.Signals): void => {
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
  process.stderr.write(`observer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
