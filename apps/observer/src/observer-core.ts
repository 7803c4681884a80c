import type { ServiceRuntime } from '@hallway/runtime';
import type { ServerInfo } from '@hallway/protocol';
import type { Logger } from 'pino';
import type { PermissionTable } from './config.js';
import type { ObserverMetrics, RemovalReason } from './observer-metrics.js';
import type { Registry } from './registry.js';

/** What the handlers share: the registry, the table, and how to announce a change. */
export interface ObserverCore {
  readonly runtime: ServiceRuntime;
  readonly registry: Registry;
  readonly table: PermissionTable;
  readonly metrics: ObserverMetrics;
  readonly log: Logger;
  /**
   * Membership changed: keep the observer's own permissions current, persist, and push
   * every live server its new view at once (except `skip`, which gets it in a reply).
   */
  membershipChanged(event: { joined?: ServerInfo; removed?: ServerInfo[]; reason?: RemovalReason; skip?: string }): void;
}
