#!/usr/bin/env node
import { ConfigError, createLogger, startRuntime, type StartedRuntime } from '@hallway/runtime';
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

  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    process.exit(code);
  };

  let runtime: StartedRuntime | undefined;
  try {
    runtime = await startRuntime({
      type: 'observer',
      config,
      logger,
      onFatal: () => void runtime?.shutdown('fatal error').finally(() => exit(1)),
    });
  } catch (err) {
    logger.fatal({ err }, 'observer failed to start');
    exit(1);
    return;
  }
  const started = runtime;
  const observer = createObserver({ runtime: started, config });
  started.onShutdown(() => observer.close());
  try {
    await observer.start();
  } catch (err) {
    // Give the `observer` lease back at once rather than make a successor wait out its TTL.
    logger.fatal({ err }, 'observer failed to start');
    await started.shutdown('start failed');
    exit(1);
    return;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void started.shutdown(signal).then(
        () => exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          exit(1);
        },
      );
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`observer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
