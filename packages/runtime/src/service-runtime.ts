import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bus } from '@hallway/mq';
import type { ClusterUpdate, ServerInfo, ServerType } from '@hallway/protocol';
import type { Store } from '@hallway/store';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface ClusterChange {
  added: ServerInfo[];
  removed: ServerInfo[];
  update: ClusterUpdate;
}

/**
 * The live servers this server may publish to, as the observer last told it.
 * Emits `change` whenever servers come or go (and `update` for every update).
 */
export interface ClusterView extends EventEmitter<{ change: [ClusterChange]; update: [ClusterUpdate] }> {
  readonly version: number;
  /** Live servers visible to this server, optionally of one type. */
  servers(type?: ServerType): ServerInfo[];
  has(serverId: string): boolean;
  get(serverId: string): ServerInfo | undefined;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * What every hallway service stands on: its leased id, the bus (with the permission
 * list kept current by the observer), the shared store, logging, metrics, the HTTP
 * endpoints (/healthz, /readyz, /metrics) and an orderly shutdown.
 */
export interface ServiceRuntime {
  readonly type: ServerType;
  readonly serverId: string;
  readonly epoch: number;
  readonly bus: Bus;
  readonly store: Store;
  readonly log: Logger;
  readonly metrics: Registry;
  readonly cluster: ClusterView;
  /** The HTTP server's port (health, metrics, app routes). */
  readonly httpPort: number;
  /** True while registered with the observer, the bus is up and every readiness check passes. */
  readonly ready: boolean;
  /** Reported with the next heartbeat (gate: connections, hall: sessions, game: rooms). */
  setLoad(load: number): void;
  setMeta(meta: Record<string, string>): void;
  /** Adds a GET route to the HTTP server. */
  route(path: string, handler: HttpHandler): void;
  addReadinessCheck(name: string, check: () => boolean): void;
  /** Runs on shutdown, last registered first: stop taking work, drain. */
  onShutdown(fn: () => void | Promise<void>): void;
  /** Stops taking work, deregisters, drains, releases the lease, closes everything. */
  shutdown(reason: string): Promise<void>;
}
