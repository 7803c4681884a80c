import { fileURLToPath } from 'node:url';
import { MemoryBroker } from '@hallway/mq';
import { redactUrlPassword, type LogLevel } from '@hallway/runtime';
import { MemoryStore } from '@hallway/store';
import { chooseBackend, type Backend } from './choose-backend.js';
import { startChildServices } from './child-services.js';
import { describeExit, type ClusterService, type ExitInfo } from './cluster-service.js';
import { ClusterStartError } from './errors.js';
import { assertPortFree } from './free-port.js';
import { InProcessService } from './in-process-service.js';
import { LogPrinter, type LogOutput } from './log-printer.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';
import { baseServiceEnv, planServices, type ServicePlan } from './service-plan.js';
import { waitForCluster, waitForObserver } from './wait-for-cluster.js';

export interface LocalClusterOptions {
  /** @default 1 */
  gates?: number;
  /** @default 2 */
  halls?: number;
  /** @default 2 */
  games?: number;
  /** Gate i (from 0) serves WebSocket on gatePort + i. @default 8000 */
  gatePort?: number;
  /** The observer's HTTP port: dashboard at /, JSON at /cluster. @default 8090 */
  observerPort?: number;
  /** An existing Redis. Unset: a private redis-server when one is installed, else memory mode. */
  redisUrl?: string;
  /** Everything in this process on an in-memory bus, even when Redis is available. @default false */
  memory?: boolean;
  /** The redis-server to start: a path, or a name looked up on `searchPath`. @default 'redis-server' */
  redisServerBin?: string;
  /** The PATH to look for redis-server on (main.ts passes process.env.PATH). @default '' */
  searchPath?: string;
  /** LOG_LEVEL of every service. @default 'info' */
  logLevel?: LogLevel;
  /** Handed to every service (main.ts passes its own environment, so AUTH_SECRET and the like reach them). @default {} */
  env?: Record<string, string | undefined>;
  /** Where every service's log lines go. @default process.stdout */
  output?: LogOutput;
  /** ANSI colours in the log. @default false */
  color?: boolean;
  /** The monorepo root (children run `node apps/<app>/dist/main.js` from it). @default this file's ../../.. */
  repoRoot?: string;
  /** How long the observer may take to list every server. @default 60000 */
  startTimeoutMs?: number;
  /** Per service: how long a SIGTERMed service may take before SIGKILL. @default 10000 */
  stopTimeoutMs?: number;
  /** Aborting it during start-up stops what was started and rejects with `ClusterStartError` (a Ctrl-C while starting). */
  abortSignal?: AbortSignal;
  /** Called when a service (or the private redis-server) ends without being asked to, after start-up. */
  onServiceExit?: (label: string, info: ExitInfo) => void;
}

export const DEFAULT_LOCAL_CLUSTER_OPTIONS = {
  gates: 1,
  halls: 2,
  games: 2,
  gatePort: 8000,
  observerPort: 8090,
  memory: false,
  searchPath: '',
  logLevel: 'info' as LogLevel,
  env: {} as Record<string, string | undefined>,
  color: false,
  repoRoot: fileURLToPath(new URL('../../../', import.meta.url)),
  startTimeoutMs: 60_000,
  stopTimeoutMs: 10_000,
} as const;

export interface LocalClusterUrls {
  /** One WebSocket URL per gate. */
  gates: string[];
  /** The observer's web page. */
  dashboard: string;
  /** The observer's registry as JSON. */
  cluster: string;
  /** The Redis the services use; undefined in memory mode. */
  redis: string | undefined;
}

export interface LocalCluster {
  readonly backend: Backend;
  readonly urls: LocalClusterUrls;
  readonly services: readonly ClusterService[];
  /** The private redis-server's pid (private-redis mode only). */
  readonly redisPid: number | undefined;
  /** Stops gates, then halls and games, then the observer, then the private Redis. Idempotent. */
  stop(): Promise<void>;
}

const LAUNCHER_LABEL = 'cluster';

/**
 * Starts a local hallway cluster: the observer, gates, halls and games as real child
 * processes on REDIS_URL or on a private redis-server; or, when there is no Redis at
 * all (or `memory` is set), every service inside this process on one in-memory bus.
 * Resolves once the observer lists every server; a service that dies during start-up
 * fails it (and everything started is stopped again).
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const o = { ...DEFAULT_LOCAL_CLUSTER_OPTIONS, ...definedOnly(options) };
  const output = options.output ?? process.stdout;
  const backend = chooseBackend({ memory: o.memory, redisUrl: options.redisUrl, redisServerBin: options.redisServerBin, searchPath: o.searchPath });
  const plans = planServices(o);
  const labelWidth = Math.max(LAUNCHER_LABEL.length, ...plans.map((p) => p.label.length));
  const printer = new LogPrinter({ output, color: o.color, labelWidth });
  const log = printer.forService(LAUNCHER_LABEL);

  // A clear message now beats a child failing to listen somewhere in the log.
  await assertPortFree(o.observerPort, o.env.HOST ?? '0.0.0.0', 'the observer: --observer-port / OBSERVER_PORT');
  for (const plan of plans.filter((p) => p.app === 'gate')) {
    await assertPortFree(Number(plan.env.GATE_PORT), o.env.GATE_HOST ?? '0.0.0.0', `${plan.label}: --gate-port / GATE_PORT`);
  }

  const services: ClusterService[] = [];
  let redis: PrivateRedis | undefined;
  let memoryStore: MemoryStore | undefined;
  let ready = false;
  let stopping: Promise<void> | undefined;
  let startFailure: Error | undefined;

  const reportExit = (label: string, info: ExitInfo, tail: readonly string[]): void => {
    if (stopping) return;
    if (!ready) {
      startFailure ??= new ClusterStartError(`${label} exited during start-up (${describeExit(info)})${tail.length > 0 ? `:\n${tail.join('\n')}` : ''}`);
      return;
    }
    log.note(`${label} exited unexpectedly (${describeExit(info)}); the rest of the cluster keeps running`, 'error');
    options.onServiceExit?.(label, info);
  };
  const watch = (service: ClusterService): void => {
    services.push(service);
    void service.exited.then((info) => reportExit(service.label, info, service.tail()));
  };

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // Gates first (players get 1001 while halls can still be told), the observer after
      // everyone has left the cluster, Redis after everyone is done with it.
      for (const stage of [['gate'], ['hall', 'game'], ['observer']]) {
        const group = services.filter((s) => stage.includes(s.app));
        await Promise.all(
          group.map(async (s) => {
            const info = await s.stop(o.stopTimeoutMs);
            printer.forService(s.label).note(`stopped (${describeExit(info)})`);
          }),
        );
      }
      if (redis) {
        await redis.stop(o.stopTimeoutMs);
        log.note('private redis-server stopped, its directory removed');
      }
      await memoryStore?.close();
    })());

  const observer = `http://127.0.0.1:${o.observerPort}`;
  const failure = (): Error | undefined => startFailure ?? (options.abortSignal?.aborted ? new ClusterStartError('start-up interrupted') : undefined);
  let redisUrl: string | undefined;
  try {
    if (backend.kind === 'memory') {
      log.note(memoryWarning(backend.reason), 'warn');
      memoryStore = new MemoryStore();
      const memory = { broker: new MemoryBroker(), store: memoryStore };
      const env = baseServiceEnv(o.env, { BUS: 'memory', LOG_LEVEL: o.logLevel });
      const start = async (plan: ServicePlan): Promise<void> =>
        watch(await InProcessService.start({ app: plan.app, env: { ...env, ...plan.env }, memory, log: printer.forService(plan.label) }));
      // The observer first: it is the registry the others register with.
      const [first, ...rest] = plans;
      if (first) await start(first);
      await Promise.all(rest.map(start));
    } else {
      if (backend.kind === 'private-redis') {
        redis = await startPrivateRedis({ bin: backend.bin });
        const started = redis;
        log.note(`started a private redis-server (${backend.bin}) on ${started.url}, pid ${started.pid}, no persistence, in ${started.dir}`);
        void started.exited.then((info) => reportExit('the private redis-server', info, started.tail()));
        redisUrl = started.url;
      } else {
        redisUrl = backend.url;
        log.note(`using the Redis at REDIS_URL (${redactUrlPassword(backend.url)})`);
      }
      const childOptions = { repoRoot: o.repoRoot, env: baseServiceEnv(o.env, { REDIS_URL: redisUrl, LOG_LEVEL: o.logLevel }), printer, onStarted: watch };
      // The observer first: it is the registry the others register with.
      await startChildServices(plans.slice(0, 1), childOptions);
      await waitForObserver({ observer, timeoutMs: o.startTimeoutMs, failure });
      await startChildServices(plans.slice(1), childOptions);
    }
    await waitForCluster({
      observer,
      counts: { gate: o.gates, hall: o.halls, game: o.games },
      timeoutMs: o.startTimeoutMs,
      failure,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  ready = true;

  return {
    backend,
    urls: {
      gates: plans.filter((p) => p.app === 'gate').map((p) => `ws://localhost:${p.env.GATE_PORT}`),
      dashboard: `http://localhost:${o.observerPort}/`,
      cluster: `http://localhost:${o.observerPort}/cluster`,
      redis: redisUrl,
    },
    services,
    redisPid: redis?.pid,
    stop,
  };
}

function memoryWarning(reason: 'requested' | 'no-redis-server'): string {
  const why =
    reason === 'requested'
      ? 'as asked (--memory / BUS=memory)'
      : 'because REDIS_URL is not set and no redis-server is on PATH (install it, e.g. `apt-get install redis-server` or `brew install redis`, or set REDIS_URL, to run real processes)';
  return `SINGLE-PROCESS DEV MODE ${why}: every service runs inside this one process on an in-memory bus. Good for trying things out; it is not a cluster, and nothing survives a restart.`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
