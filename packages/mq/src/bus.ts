import type { ServerType } from '@hallway/protocol';
import type { DropReason } from './codec.js';
import type { PermissionList } from './permissions.js';
import type { Gap } from './sequence-tracker.js';

/**
 * - `connecting`: started, not yet confirmed that messages reach us.
 * - `up`: a probe went through Redis and came back; publishing works.
 * - `down`: a connection dropped or a probe was lost; publishing fails fast with
 *   `BusUnavailableError` while the bus reconnects and resubscribes.
 * - `closed`: `close()` was called.
 */
export type BusStatus = 'connecting' | 'up' | 'down' | 'closed';

export interface MessageContext {
  /** `msg` for publish, `req` for request (the handler's return value is the reply). */
  kind: 'msg' | 'req';
  /** Sender's server id. */
  from: string;
  /** Sender's epoch: tells a restarted server from its dead predecessor. */
  epoch: number;
  route: string;
  key: string | undefined;
  /** The channel the message arrived on (own channel, or one from subscribe/psubscribe). */
  channel: string;
  /** For requests: when the requester stops waiting (ms since epoch). */
  deadline: number | undefined;
}

/** For a request, the resolved value is the reply body; a thrown `HandlerError` answers its code. */
export type Handler = (body: unknown, ctx: MessageContext) => unknown;

export interface PublishOptions {
  /** Ordering key: handlers for the same key run one at a time, in order. */
  key?: string;
}

export interface RequestOptions extends PublishOptions {
  /** @default the bus's requestTimeoutMs */
  timeoutMs?: number;
}

export interface DroppedEvent {
  reason: DropReason | 'overflow' | 'no_handler' | 'stale_reply';
  channel: string;
  detail: string;
}

export interface BusEvents {
  status: [status: BusStatus, reason: string];
  /** Messages were lost in transit; resync state with `gap.from`. */
  gap: [gap: Gap];
  dropped: [event: DroppedEvent];
}

export interface BusStats {
  status: BusStatus;
  published: number;
  /** PUBLISH commands sent (a batch of envelopes is one). */
  publishBatches: number;
  publishFailures: number;
  received: number;
  handled: number;
  handlerErrors: number;
  dropped: Record<DroppedEvent['reason'], number>;
  gaps: number;
  missed: number;
  ups: number;
  downs: number;
  probesSent: number;
  probeFailures: number;
  pendingRequests: number;
  queued: number;
}

/**
 * The message bus every hallway server stands on. `RedisBus` runs it over Redis
 * pub/sub; `MemoryBus` runs it in one process with the same semantics.
 */
export interface Bus {
  readonly serverId: string;
  readonly epoch: number;
  readonly status: BusStatus;
  readonly permissions: PermissionList;

  /** Subscribes to the own channel and resolves once a probe has come back. */
  start(): Promise<void>;
  /** Registers the handler of a route (one per route; a second call replaces it). */
  handle(route: string, handler: Handler): this;
  /** Publishes to one server; it must be in the permission list (or be this server). */
  publish(target: string, route: string, body: unknown, options?: PublishOptions): Promise<void>;
  /** Publishes to every permitted server of a type; resolves to how many. */
  publishAll(type: ServerType, route: string, body: unknown, options?: PublishOptions): Promise<number>;
  /** Sends a request and resolves with the reply body. */
  request<T = unknown>(target: string, route: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** Extra subscriptions by full channel name / glob pattern; envelopes go to the same handlers. */
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  psubscribe(pattern: string): Promise<void>;
  punsubscribe(pattern: string): Promise<void>;
  /** `channel:<serverId>` with this bus's prefix. */
  channelOf(serverId: string): string;
  /** Replaces the publish-permission list (the observer pushes new ones). */
  setPermissions(list: PermissionList): void;
  stats(): BusStats;
  on<E extends keyof BusEvents>(event: E, listener: (...args: BusEvents[E]) => void): this;
  off<E extends keyof BusEvents>(event: E, listener: (...args: BusEvents[E]) => void): this;
  listenerCount(event: keyof BusEvents): number;
  /** Stops taking messages, waits up to `drainMs` for running handlers, closes connections. */
  close(options?: { drainMs?: number }): Promise<void>;
}
