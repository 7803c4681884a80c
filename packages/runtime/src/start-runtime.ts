import { MemoryBus, RedisBus, type Bus, type RedisBusOptions } from '@hallway/mq';
import { OBSERVER_ID, serverTypeOf, type ServerType } from '@hallway/protocol';
import { RedisStore, type Lease, type Store } from '@hallway/store';
import type { Logger } from 'pino';
import { handleClusterUpdates } from './cluster-sync.js';
import { LiveClusterView } from './cluster-view.js';
import { leaseTtlOf, type RuntimeConfig } from './config.js';
import { ConfigError, RuntimeError, StartupError } from './errors.js';
import { HeartbeatLoop } from './heartbeat.js';
import { HttpServer } from './http-server.js';
import { leaseServerId } from './lease-server-id.js';
import { createLogger } from './logger.js';
import { redisConnectionOf } from './redis-connection.js';
import { Runtime, type StartedRuntime } from './runtime.js';
import { createRuntimeMetrics } from './runtime-metrics.js';
import { sharedMemoryBackend, type MemoryBackend } from './shared-memory.js';

/** RedisBus timings a caller may tune (tests use short probes). */
export type RedisBusTuning = Partial<
  Pick<RedisBusOptions, 'probeIntervalMs' | 'probeTimeoutMs' | 'commandTimeoutMs' | 'reconnectMaxDelayMs' | 'startTimeoutMs' | 'requestTimeoutMs'>
>;

export interface StartRuntimeOptions {
  type: ServerType;
  /** Parsed with `parseEnv(RuntimeEnvSchema or an extension, process.env)`. */
  config: RuntimeConfig;
  /** @default createLogger({ level: config.LOG_LEVEL, name: type }) */
  logger?: Logger;
  /**
   * Called once when the runtime can no longer run safely (lease lost, fenced). The
   * default only logs at fatal level; main.ts passes a function that exits non-zero.
   */
  onFatal?: (err: Error) => void;
  /**
   * Run on an in-memory broker and store (the single-process cluster). Without it,
   * BUS=memory uses the process-wide `defaultMemoryBroker` and a shared `MemoryStore`.
   */
  memory?: MemoryBackend;
  redisBus?: RedisBusTuning;
  /**
   * How long to keep trying to lease the id while it is held (a fixed SERVER_ID or the
   * observer whose predecessor's lease has not expired) or Redis is unreachable.
   * @default LEASE_TTL_MS + 2 × HEARTBEAT_MS, at least 10 s
   */
  leaseWaitMs?: number;
}

/**
 * Starts a hallway service's runtime:
 * 1. the store (Redis, or the memory backend);
 * 2. leases the server id (`hall002`; `observer` for the observer) → id + epoch;
 * 3. starts the bus on `channel:<id>`;
 * 4. heartbeats to the observer every HEARTBEAT_MS, renewing the lease, and applies the
 *    cluster view and permission list it answers with (not for the observer itself);
 * 5. serves /healthz, /readyz, /metrics (and app routes) on HOST:HTTP_PORT.
 * Resolves once the bus is up and HTTP listens; readiness follows the first answered
 * heartbeat. On failure everything opened so far is closed again.
 */
export async function startRuntime(options: StartRuntimeOptions): Promise<StartedRuntime> {
  const { type, config } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, name: type });
  const leaseTtlMs = leaseTtlOf(config);
  const preferredId = preferredIdOf(type, config);
  const memory = options.memory ?? (config.BUS === 'memory' ? sharedMemoryBackend() : undefined);

  const ownsStore = memory === undefined;
  const store: Store = memory?.store ?? new RedisStore({ redis: redisConnectionOf(config), keyPrefix: config.KEY_PREFIX });
  const cleanup: (() => Promise<unknown>)[] = [];
  if (ownsStore) cleanup.push(() => store.close());
  const undo = async (): Promise<void> => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  };

  let lease: Lease;
  try {
    lease = await leaseServerId(store, {
      type,
      ttlMs: leaseTtlMs,
      ...(preferredId === undefined ? {} : { preferredId }),
      waitMs: options.leaseWaitMs ?? Math.max(10_000, leaseTtlMs + 2 * config.HEARTBEAT_MS),
      retryMs: Math.max(50, Math.min(500, Math.floor(config.HEARTBEAT_MS / 2))),
      log: logger.child({ component: 'lease' }),
    });
  } catch (err) {
    await undo();
    throw err instanceof RuntimeError ? err : new StartupError('leasing the server id', { cause: err });
  }
  cleanup.push(() => store.releaseLease(lease));

  const log = logger.child({ serverId: lease.serverId, epoch: lease.epoch });
  const busOptions = {
    serverId: lease.serverId,
    epoch: lease.epoch,
    channelPrefix: config.CHANNEL_PREFIX,
    // The bus adds component and serverId itself; don't repeat them in every line.
    logger: logger.child({ epoch: lease.epoch }),
  };
  const bus: Bus = memory
    ? new MemoryBus({ ...busOptions, broker: memory.broker })
    : new RedisBus({ ...busOptions, ...options.redisBus, redis: redisConnectionOf(config) });
  cleanup.push(() => bus.close({ drainMs: 0 }));
  try {
    await bus.start();
  } catch (err) {
    await undo();
    throw new StartupError('starting the bus', { cause: err });
  }

  const cluster = new LiveClusterView();
  const http = new HttpServer(log.child({ component: 'http' }));
  // The heartbeat and metrics read load/readiness from the runtime, which needs them to be built first.
  const ref: { runtime?: Runtime } = {};
  // The observer renews its lease on the same loop but does not heartbeat to itself.
  const heartbeat = new HeartbeatLoop({
    bus,
    store,
    lease,
    cluster,
    intervalMs: config.HEARTBEAT_MS,
    leaseTtlMs,
    info: () => ({
      id: lease.serverId,
      type,
      epoch: lease.epoch,
      load: ref.runtime?.load ?? 0,
      meta: { ...ref.runtime?.meta },
    }),
    log: log.child({ component: 'heartbeat' }),
    onRegistered: () => undefined,
    onFatal: (err) => ref.runtime?.fail(err),
    onBeat: (ok) => (ok ? metrics.heartbeats.inc() : metrics.heartbeatFailures.inc()),
    report: type !== 'observer',
  });
  const metrics = createRuntimeMetrics({
    bus,
    serverId: lease.serverId,
    load: () => ref.runtime?.load ?? 0,
    registered: () => ref.runtime?.registered ?? false,
    ready: () => ref.runtime?.ready ?? false,
  });
  const runtime = new Runtime({
    type,
    lease,
    bus,
    store,
    ownsStore,
    log,
    metrics: metrics.registry,
    cluster,
    http,
    heartbeat,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    // An observer that is up answers within a heartbeat or two; don't hold shutdown longer.
    leaveTimeoutMs: Math.max(200, 2 * config.HEARTBEAT_MS),
    onFatal: options.onFatal ?? (() => undefined),
  });
  ref.runtime = runtime;

  try {
    await http.listen(config.HOST, config.HTTP_PORT);
  } catch (err) {
    await undo();
    throw new StartupError(`listening on ${config.HOST}:${config.HTTP_PORT} (HOST/HTTP_PORT)`, { cause: err });
  }
  if (type !== 'observer') handleClusterUpdates(bus, cluster, log.child({ component: 'cluster' }));
  heartbeat.start();
  log.info({ type, httpPort: http.port, channel: bus.channelOf(lease.serverId), leaseTtlMs }, 'service runtime started');
  return runtime;
}

/** The id to claim exactly: always `observer` for the observer; SERVER_ID otherwise (checked against the type). */
function preferredIdOf(type: ServerType, config: RuntimeConfig): string | undefined {
  if (type === 'observer') {
    if (config.SERVER_ID !== undefined && config.SERVER_ID !== OBSERVER_ID) {
      throw new ConfigError([{ variable: 'SERVER_ID', message: `expected "observer" (or unset) for the observer, got "${config.SERVER_ID}"` }]);
    }
    return OBSERVER_ID;
  }
  if (config.SERVER_ID === undefined) return undefined;
  if (serverTypeOf(config.SERVER_ID) !== type) {
    throw new ConfigError([
      { variable: 'SERVER_ID', message: `expected a ${type} id (e.g. ${type}001) for a ${type} server, got "${config.SERVER_ID}"` },
    ]);
  }
  return config.SERVER_ID;
}
