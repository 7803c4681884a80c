import type { Bus, PermissionList } from '@hallway/mq';
import { ClusterRoute, ClusterUpdateSchema, OBSERVER_ID, type ClusterUpdate } from '@hallway/protocol';
import type { Logger } from 'pino';
import type { LiveClusterView } from './cluster-view.js';

/**
 * The permission list to install: the observer's, plus the observer itself. Without
 * it a list that omitted the observer (a misconfigured table) would lock the server
 * out of heartbeating, and it could never be told otherwise.
 */
export function withObserver(list: PermissionList): PermissionList {
  const observers = list.observer ?? [];
  return observers.includes(OBSERVER_ID) ? list : { ...list, observer: [...observers, OBSERVER_ID] };
}

/**
 * Takes a cluster update (heartbeat reply or push) into the view and, when it is
 * newer, installs its permission list on the bus. Same-version updates only refresh
 * load figures. Returns true when the update was applied.
 */
export function applyClusterUpdate(bus: Bus, cluster: LiveClusterView, update: ClusterUpdate): boolean {
  if (cluster.apply(update)) {
    bus.setPermissions(withObserver(update.permissions));
    return true;
  }
  cluster.refresh(update);
  return false;
}

/**
 * Handles `cluster.update` pushes from the observer. Only the observer may send them;
 * anything else, or anything malformed, is logged and dropped.
 */
export function handleClusterUpdates(bus: Bus, cluster: LiveClusterView, log: Logger): void {
  bus.handle(ClusterRoute.update, (body, ctx) => {
    if (ctx.from !== OBSERVER_ID) {
      log.warn({ from: ctx.from }, 'cluster.update from a server that is not the observer; dropped');
      return;
    }
    const parsed = ClusterUpdateSchema.safeParse(body);
    if (!parsed.success) {
      log.warn({ err: parsed.error }, 'malformed cluster.update; dropped');
      return;
    }
    if (applyClusterUpdate(bus, cluster, parsed.data)) {
      log.debug({ version: parsed.data.version, servers: parsed.data.servers.length }, 'cluster update applied');
    }
  });
}
