import type { PermissionList } from '@hallway/mq';
import { OBSERVER_ID, SERVER_TYPES, type ClusterUpdate, type ServerInfo, type ServerType } from '@hallway/protocol';
import type { PermissionTable } from './config.js';

/**
 * A server's publish-permission list: for every type its own type may publish to (per
 * the table), the ids of the live servers of that type. `observer` is always live —
 * it is the one computing this.
 */
export function permissionListFor(type: ServerType, table: PermissionTable, live: readonly ServerInfo[]): PermissionList {
  const list: Partial<Record<ServerType, string[]>> = {};
  for (const target of table[type] ?? []) {
    list[target] = target === 'observer' ? [OBSERVER_ID] : live.filter((s) => s.type === target).map((s) => s.id);
  }
  return list;
}

/** What one server is told: its permission list, the servers behind it, and the registry version. */
export function viewFor(server: Pick<ServerInfo, 'type'>, table: PermissionTable, live: readonly ServerInfo[], version: number): ClusterUpdate {
  const permissions = permissionListFor(server.type, table, live);
  const visible = new Set(Object.values(permissions).flat());
  return {
    version,
    permissions: permissions as ClusterUpdate['permissions'],
    servers: live.filter((s) => visible.has(s.id)),
  };
}

/** The observer may publish to everyone: every live server, by type. */
export function observerPermissions(live: readonly ServerInfo[]): PermissionList {
  const list: Partial<Record<ServerType, string[]>> = {};
  for (const type of SERVER_TYPES) {
    const ids = live.filter((s) => s.type === type).map((s) => s.id);
    if (ids.length > 0) list[type] = ids;
  }
  return list;
}
