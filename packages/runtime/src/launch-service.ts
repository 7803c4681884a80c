import type { Logger } from 'pino';
import type { ServerType } from '@hallway/protocol';
import type { RuntimeConfig } from './config.js';
import type { StartedRuntime } from './runtime.js';
import { startRuntime, type StartRuntimeOptions } from './start-runtime.js';

/** What an app's create function returns: something to start. */
export interface Startable {
  start(): Promise<unknown>;
}

export interface LaunchServiceOptions {
  type: ServerType;
  config: RuntimeConfig;
  logger: Logger;
  /** Builds the app on the started runtime (register its close with `runtime.onShutdown`). */
  create: (runtime: StartedRuntime) => Startable;
  /**
   * Called once the service can no longer run (lease lost, fenced), after an orderly
   * shutdown was attempted. main.ts passes a function that exits non-zero.
   */
  onFatal: (err: Error) => void;
  /** The in-memory backend (single-process cluster, tests); see `startRuntime`. */
  memory?: StartRuntimeOptions['memory'];
}

/**
 * What every app's main.ts does between reading its config and waiting for a signal:
 * start the runtime, build and start the app, and give the id lease back at once if the
 * app fails to start (rather than leave it held until its TTL runs out). Signals and
 * exiting stay in main.ts.
 */
export async function launchService(options: LaunchServiceOptions): Promise<StartedRuntime> {
  const { type, config, logger, create, onFatal, memory } = options;
  // The fatal hook may fire before startRuntime has returned the runtime.
  const ref: { runtime?: StartedRuntime } = {};
  const runtime = await startRuntime({
    type,
    config,
    logger,
    ...(memory ? { memory } : {}),
    onFatal: (err) => {
      const done = (): void => onFatal(err);
      if (ref.runtime) ref.runtime.shutdown('fatal error').then(done, done);
      else done();
    },
  });
  ref.runtime = runtime;
  try {
    await create(runtime).start();
  } catch (err) {
    logger.fatal({ err }, `${type} failed to start`);
    await runtime.shutdown('start failed').catch(() => undefined);
    throw err;
  }
  return runtime;
}
