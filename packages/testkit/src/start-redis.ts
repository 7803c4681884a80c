import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { cleanupOnExit } from './cleanup-on-exit.js';
import { findRedisServer } from './find-redis-server.js';
import { getFreePort } from './free-port.js';
import { launchRedisServer, type RedisServerProcess } from './launch-redis-server.js';
import { RedisStartError } from './redis-start-error.js';

export interface StartRedisOptions {
  /**
   * Path (or bare name, looked up on PATH) of the redis-server binary.
   * @default the REDIS_SERVER_BIN environment variable, else `redis-server` found on PATH,
   * /usr/bin, /usr/local/bin, /usr/sbin or /opt/homebrew/bin (see findRedisServer)
   */
  bin?: string;
  /**
   * Port to listen on (always on 127.0.0.1). 0 picks a free port, so tests never touch
   * the machine's own Redis on 6379.
   * @default 0
   */
  port?: number;
  /**
   * Extra redis-server command-line arguments, appended after the testkit's own
   * (so they win), e.g. `['--replicaof', '127.0.0.1', '7001']`. Reused by `restart()`.
   * @default []
   */
  extraArgs?: readonly string[];
  /**
   * How long to wait for the server to answer after each (re)start.
   * @default 10000
   */
  readyTimeoutMs?: number;
  /**
   * How long `stop()` waits after SIGTERM before sending SIGKILL.
   * @default 3000
   */
  stopTimeoutMs?: number;
  /**
   * Start attempts when the port cannot be bound (lost the race for a free port, or a
   * restart while the old socket lingers). A fresh start picks a new port each time.
   * @default 5
   */
  startAttempts?: number;
}

export const DEFAULT_START_REDIS_OPTIONS: Required<Omit<StartRedisOptions, 'bin'>> = {
  port: 0,
  extraArgs: [],
  readyTimeoutMs: 10_000,
  stopTimeoutMs: 3000,
  startAttempts: 5,
};

/** A real redis-server owned by a test. Every method is safe to call after `stop()`. */
export interface RedisHandle {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** The current.server id; changes on `restart()`. */
  readonly pid: number;
  /** The temp dir holding the server's redis.conf, log file and working files. */
  readonly dir: string;
  /** The redis log file (appended to across restarts). */
  readonly logFile: string;
  /** False after `kill()`/`stop()` and until `restart()` returns. */
  isRunning(): boolean;
  /**
   * A fresh ioredis client for this server, with an 'error' listener already attached
   * (reconnect errors are expected in fault tests). `stop()` disconnects it.
   */
  client(options?: RedisOptions): Redis;
  /** SIGTERM, SIGKILL after `stopTimeoutMs`, disconnect clients, remove the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Sends `signal`; for SIGKILL and SIGTERM, resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP: the server keeps its sockets open but stops answering. */
  pause(): void;
  /** SIGCONT: undo `pause()`. */
  resume(): void;
  /** Kills the server if it runs (SIGKILL), starts it again on the same port and args, waits until it answers. */
  restart(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Spawns a throwaway redis-server on 127.0.0.1 with persistence off, DEBUG enabled and
 * its own temp dir, and resolves once it answers.
 *
 * @throws {RedisNotInstalledError} when no redis-server binary is available.
 * @throws {RedisStartError} when it exits early or does not answer in time.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const { port: wantedPort, extraArgs, readyTimeoutMs, stopTimeoutMs, startAttempts } = {
    ...DEFAULT_START_REDIS_OPTIONS,
    ...options,
  };
  const bin = findRedisServer(options.bin);
  const dir = await mkdtemp(join(tmpdir(), 'hallway-redis-'));
  const forgetDir = cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
  const logFile = join(dir, 'redis.log');
  const configFile = join(dir, 'redis.conf');
  // An (empty) config file makes CONFIG REWRITE work, which Sentinel sends on failover.
  await writeFile(configFile, '# written by @hallway/testkit; command-line arguments follow\n');

  const argsFor = (port: number): string[] => [
    configFile,
    '--port', String(port),
    '--bind', HOST,
    '--save', '',
    '--appendonly', 'no',
    '--enable-debug-command', 'yes',
    '--protected-mode', 'no',
    '--daemonize', 'no',
    '--dir', dir,
    '--logfile', logFile,
    ...extraArgs,
  ];

  /** Starts on `port` (or a fresh free port each try if `port` is 0), retrying when the bind fails. */
  const launch = async (port: number): Promise<{ server: RedisServerProcess; port: number }> => {
    for (let attempt = 1; ; attempt++) {
      const tryPort = port === 0 ? await getFreePort() : port;
      try {
        const server = await launchRedisServer({ bin, args: argsFor(tryPort), host: HOST, port: tryPort, logFile, readyTimeoutMs });
        return { server, port: tryPort };
      } catch (error) {
        if (!(error instanceof RedisStartError && error.addressInUse) || attempt >= startAttempts) throw error;
        // A restarted port can be briefly busy; give the kernel a moment.
        await sleep(100 * attempt);
      }
    }
  };

  let current: { server: RedisServerProcess; port: number };
  try {
    current = await launch(wantedPort);
  } catch (error) {
    forgetDir();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = current.port;
  const clients = new Set<Redis>();
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const { server } = current;
    if (!server.isRunning()) return;
    server.signal(signal);
    if (signal === 'SIGTERM') server.signal('SIGCONT'); // a paused server would never act on it
    if (signal === 'SIGKILL' || signal === 'SIGTERM') await server.exited;
  };

  const handle: RedisHandle = {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    get pid() {
      return current.server.pid;
    },
    dir,
    logFile,
    isRunning: () => current.server.isRunning(),
    client(clientOptions?: RedisOptions): Redis {
      if (stopping !== undefined) throw new Error(`redis on ${HOST}:${port} has been stopped`);
      const client = new Redis({ host: HOST, port, ...clientOptions });
      client.on('error', () => {
        // Expected in fault tests (ECONNREFUSED, ECONNRESET); ioredis reconnects on its own.
      });
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
    stop() {
      stopping ??= (async () => {
        for (const client of clients) client.disconnect();
        clients.clear();
        // A restart in flight would otherwise leave a server behind.
        await restarting?.catch(() => undefined);
        await current.server.terminate(stopTimeoutMs);
        await rm(dir, { recursive: true, force: true });
        forgetDir();
      })();
      return stopping;
    },
    kill,
    pause() {
      current.server.signal('SIGSTOP');
    },
    resume() {
      current.server.signal('SIGCONT');
    },
    restart() {
      if (stopping !== undefined) return Promise.reject(new Error(`redis on ${HOST}:${port} has been stopped`));
      const run = async (): Promise<void> => {
        await kill('SIGKILL');
        current = await launch(port);
      };
      const started = run().finally(() => {
        if (restarting === started) restarting = undefined;
      });
      restarting = started;
      return started;
    },
  };
  return handle;
}
