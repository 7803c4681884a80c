import { createGame, GameEnvSchema, gameOptionsOf } from '@hallway/game';
import { createGate, GateEnvSchema, gateConfigOf } from '@hallway/gate';
import { createHall, HallEnvSchema, hallOptionsOf } from '@hallway/hall';
import { createObserver, parseObserverEnv } from '@hallway/observer';
import { createLogger, parseEnv, startRuntime, type Env, type MemoryBackend, type RuntimeConfig, type StartedRuntime } from '@hallway/runtime';
import type { AppName, ClusterService, ExitInfo } from './cluster-service.js';
import type { ServiceLog } from './log-printer.js';

export interface InProcessServiceOptions {
  app: AppName;
  /** The service's environment (BUS=memory), parsed with the app's own schema as its main.ts would. */
  env: Env;
  /** The broker and store every service of this process shares. */
  memory: MemoryBackend;
  log: ServiceLog;
}

/**
 * One hallway service running inside the launcher's process on the shared in-memory
 * bus: the same runtime and app code as `apps/<app>/dist/main.js`, wired the same way,
 * with its JSON log lines going to its `ServiceLog`.
 */
export class InProcessService implements ClusterService {
  readonly pid = undefined;
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (info: ExitInfo) => void;
  private stopping: Promise<ExitInfo> | undefined;

  private constructor(
    readonly app: AppName,
    readonly label: string,
    private readonly runtime: StartedRuntime,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  static async start(options: InProcessServiceOptions): Promise<InProcessService> {
    const { app, env, memory, log } = options;
    const ref: { service?: InProcessService } = {};
    // Like main.ts's onFatal, minus the exit: the other services of the process go on.
    const onFatal = (err: Error): void => {
      log.note(`cannot go on: ${err.message}`, 'error');
      void ref.service?.end(1, 'fatal error');
    };
    const { config, wire } = appOf(app, env);
    const logger = createLogger({ level: config.LOG_LEVEL, name: app, destination: log.destination });
    const runtime = await startRuntime({ type: app, config, logger, onFatal, memory });
    try {
      await wire(runtime);
    } catch (err) {
      await runtime.shutdown('start failed').catch(() => undefined);
      throw err;
    }
    const service = new InProcessService(app, log.label, runtime);
    ref.service = service;
    log.note(`started ${app} in this process as ${runtime.serverId}`);
    return service;
  }

  tail(): readonly string[] {
    return [];
  }

  /** The runtime's orderly shutdown (it keeps to SHUTDOWN_TIMEOUT_MS on its own). */
  stop(_timeoutMs: number): Promise<ExitInfo> {
    return this.end(0, 'local cluster stopping');
  }

  private end(code: number, reason: string): Promise<ExitInfo> {
    this.stopping ??= this.runtime.shutdown(reason).then(
      () => ({ code, signal: null }),
      () => ({ code: 1, signal: null }),
    );
    void this.stopping.then((info) => this.resolveExit(info));
    return this.stopping;
  }
}

interface AppWiring {
  config: RuntimeConfig;
  /** What the app's main.ts does between startRuntime and serving. */
  wire: (runtime: StartedRuntime) => Promise<void>;
}

/** Parses the app's environment with its own schema (ConfigError names every bad variable). */
function appOf(app: AppName, env: Env): AppWiring {
  switch (app) {
    case 'observer': {
      const config = parseObserverEnv(env);
      return {
        config,
        wire: async (runtime) => {
          const observer = createObserver({ runtime, config });
          runtime.onShutdown(() => observer.close());
          await observer.start();
        },
      };
    }
    case 'hall': {
      const config = parseEnv(HallEnvSchema, env);
      return { config, wire: (runtime) => createHall({ runtime, config: hallOptionsOf(config) }).start() };
    }
    case 'game': {
      const config = parseEnv(GameEnvSchema, env);
      return { config, wire: (runtime) => createGame({ runtime, config: gameOptionsOf(config) }).start() };
    }
    case 'gate': {
      const config = parseEnv(GateEnvSchema, env);
      return {
        config,
        // The gate registers its close() with the runtime: shutdown closes the sockets (1001) first.
        wire: async (runtime) => void (await createGate({ runtime, config: gateConfigOf(config) }).listen()),
      };
    }
  }
}
