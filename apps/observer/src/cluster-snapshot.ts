import type { PermissionList } from '@hallway/mq';
import type { ServerType } from '@hallway/protocol';
import type { PermissionTable } from './config.js';
import { permissionListFor } from './permission-table.js';
import type { Registry } from './registry.js';

export interface ClusterSnapshotServer {
  id: string;
  type: ServerType;
  epoch: number;
  load: number;
  meta: Record<string, string>;
  /** ms since epoch of the last heartbeat. */
  lastHeartbeat: number;
  /** ms since the last heartbeat. */
  age: number;
}

/** What GET /cluster answers. */
export interface ClusterSnapshot {
  version: number;
  servers: ClusterSnapshotServer[];
  /** The permission table in effect (type → types). */
  permissions: PermissionTable;
  /** Each live server's current permission list. */
  lists: Record<string, PermissionList>;
}

export function clusterSnapshot(registry: Registry, table: PermissionTable, now = Date.now()): ClusterSnapshot {
  const live = registry.servers();
  return {
    version: registry.version,
    servers: registry.list().map(({ info, lastSeen }) => ({
      id: info.id,
      type: info.type,
      epoch: info.epoch,
      load: info.load,
      meta: info.meta,
      lastHeartbeat: lastSeen,
      age: Math.max(0, now - lastSeen),
    })),
    permissions: table,
    lists: Object.fromEntries(live.map((s) => [s.id, permissionListFor(s.type, table, live)])),
  };
}
