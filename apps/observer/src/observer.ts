import { ClusterRoute, type ServerInfo, type ServerType } from '@hallway/protocol';
import type { ServiceRuntime } from '@hallway/runtime';
import type { ObserverConfig } from './config.js';
import { createClusterRoute } from './handlers/cluster-route.js';
import { createDashboardPage } from './handlers/dashboard-page.js';
import { createHeartbeatHandler } from './handlers/heartbeat.js';
import { createLeaveHandler } from './handlers/leave.js';
import type { ObserverCore } from './observer-core.js';
import { createObserverMetrics } from './observer-metrics.js';
import { observerPermissions, viewFor } from './permission-table.js';
import { Registry } from './registry.js';
import { RegistrySaver } from './registry-saver.js';

export interface CreateObserverOptions {
  /** A runtime started with `type: 'observer'`. */
  runtime: ServiceRuntime;
  config: Pick<ObserverConfig, 'HEARTBEAT_MS' | 'DEAD_AFTER_MS' | 'PERMISSIONS'>;
}

export interface Observer {
  /** Loads the persisted registry, then serves heartbeats, leaves and /cluster, and sweeps. */
  start(): Promise<void>;
  /** Stops sweeping and waits for the last registry save. The runtime's shutdown closes the rest. */
  close(): Promise<void>;
  readonly registry: Registry;
}

/**
 * The registry of the cluster: answers heartbeats with each server's permission list
 * and view, pushes fresh views to everyone the moment membership changes, drops
 * servers not heard from for DEAD_AFTER_MS, fences stale epochs, and persists the
 * registry so a restarted observer loses no server.
 */
export function createObserver(options: CreateObserverOptions): Observer {
  const { runtime, config } = options;
  const log = runtime.log.child({ component: 'observer' });
  const registry = new Registry();
  const table = config.PERMISSIONS;
  const saver = new RegistrySaver(runtime.store, () => registry.servers(), log);
  const metrics = createObserverMetrics(runtime.metrics, {
    countByType: () => {
      const counts = new Map<ServerType, number>();
      for (const s of registry.servers()) counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
      return counts;
    },
    version: () => registry.version,
  });
  let sweeper: NodeJS.Timeout | undefined;

  const pushViews = (skip: string | undefined): void => {
    const live = registry.servers();
    for (const server of live) {
      if (server.id === skip) continue;
      const view = viewFor(server, table, live, registry.version);
      runtime.bus.publish(server.id, ClusterRoute.update, view).catch((err: unknown) => {
        // The server catches up with its next heartbeat reply.
        metrics.pushFailures.inc();
        log.debug({ err, to: server.id }, 'cluster.update push failed');
      });
    }
  };

  const core: ObserverCore = {
    runtime,
    registry,
    table,
    metrics,
    log,
    membershipChanged({ removed, reason, skip }) {
      if (removed?.length && reason) metrics.removals.inc({ reason }, removed.length);
      runtime.bus.setPermissions(observerPermissions(registry.servers()));
      saver.changed();
      pushViews(skip);
    },
  };

  const sweep = (): void => {
    const dead = registry.sweep(config.DEAD_AFTER_MS);
    if (dead.length > 0) {
      for (const s of dead) log.warn({ serverId: s.id, epoch: s.epoch, deadAfterMs: config.DEAD_AFTER_MS }, 'server missed its heartbeats; removed');
      core.membershipChanged({ removed: dead, reason: 'dead' });
    }
    saver.retryIfFailed();
  };

  return {
    registry,
    async start() {
      let loaded: ServerInfo[] = [];
      try {
        loaded = await runtime.store.loadRegistry();
      } catch (err) {
        log.warn({ err }, 'could not load the persisted registry; relearning the cluster from heartbeats');
      }
      registry.load(loaded);
      runtime.bus.setPermissions(observerPermissions(registry.servers()));
      if (loaded.length > 0) log.info({ servers: loaded.map((s) => s.id) }, 'registry loaded; servers count as seen now');
      runtime.bus.handle(ClusterRoute.heartbeat, createHeartbeatHandler(core));
      runtime.bus.handle(ClusterRoute.leave, createLeaveHandler(core));
      runtime.route('/cluster', createClusterRoute(core));
      runtime.route('/', createDashboardPage({ heartbeatMs: config.HEARTBEAT_MS, deadAfterMs: config.DEAD_AFTER_MS }));
      // Twice per heartbeat interval: a dead server is noticed within DEAD_AFTER_MS + HEARTBEAT_MS/2.
      sweeper = setInterval(sweep, Math.max(10, Math.floor(config.HEARTBEAT_MS / 2)));
      sweeper.unref();
      log.info({ deadAfterMs: config.DEAD_AFTER_MS, table }, 'observer started');
    },
    async close() {
      clearInterval(sweeper);
      sweeper = undefined;
      await saver.flush();
    },
  };
}
