import type { Bus } from '@hallway/mq';
import type { ClusterUpdate, ServerType } from '@hallway/protocol';
import type { Store } from '@hallway/store';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { applyClusterUpdate } from './cluster-sync.js';
import { LiveClusterView } from './cluster-view.js';
import type { HttpHandler, ServiceRuntime } from './service-runtime.js';

export interface ManualRuntimeOptions {
  type: ServerType;
  bus: Bus;
  store: Store;
  /** @default a silent logger */
  logger?: Logger;
}

export interface ManualRuntime extends ServiceRuntime {
  /** Stands in for the observer: applies a cluster update (permissions + servers). */
  applyCluster(update: ClusterUpdate): void;
  readonly load: number;
  readonly meta: Readonly<Record<string, string>>;
  readonly routes: Map<string, HttpHandler>;
}

/**
 * A runtime without an observer, lease or HTTP server: the cluster view is set by
 * hand. For unit tests of apps (hall, game, gate) on a `MemoryBus`, and for embedding.
 * The bus must already be started; `shutdown` closes it.
 */
export function createManualRuntime(options: ManualRuntimeOptions): ManualRuntime {
  const { type, bus, store } = options;
  const log = (options.logger ?? pino({ level: 'silent' })).child({ serverId: bus.serverId });
  const cluster = new LiveClusterView();
  const hooks: (() => void | Promise<void>)[] = [];
  const checks = new Map<string, () => boolean>();
  const routes = new Map<string, HttpHandler>();
  let load = 0;
  let meta: Record<string, string> = {};
  let stopped = false;
  return {
    type,
    serverId: bus.serverId,
    epoch: bus.epoch,
    bus,
    store,
    log,
    metrics: new Registry(),
    cluster,
    httpPort: 0,
    routes,
    get load() {
      return load;
    },
    get ready() {
      return !stopped && bus.status === 'up' && [...checks.values()].every((c) => c());
    },
    setLoad(n) {
      load = n;
    },
    get meta() {
      return meta;
    },
    setMeta(next) {
      meta = { ...next };
    },
    route(path, handler) {
      routes.set(path, handler);
    },
    addReadinessCheck(name, check) {
      checks.set(name, check);
    },
    onShutdown(fn) {
      hooks.push(fn);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      for (const fn of hooks.reverse()) await fn();
      await bus.close({ drainMs: 500 });
    },
    applyCluster(update) {
      // Exactly what the real runtime does with an observer's update.
      applyClusterUpdate(bus, cluster, update);
    },
  };
}
