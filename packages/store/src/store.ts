import type { RoomInfo, ServerInfo, ServerType } from '@hallway/protocol';

/**
 * Shared cluster state that is not a message: server-id leases, player presence,
 * resume tokens, the quick-match queue, rooms and the observer's last view.
 * `RedisStore` keeps it in Redis (every key under `keyPrefix`); `MemoryStore` keeps it
 * in the process for the single-process cluster. One contract suite runs against both.
 * Every method is atomic where it says so (Lua scripts on Redis).
 */

/** A leased server id. `epoch` grows every time the id is leased again. */
export interface Lease {
  serverId: string;
  type: ServerType;
  epoch: number;
  /** Random per holder: only the holder can renew or release. */
  token: string;
}

export interface Presence {
  userId: string;
  name: string;
  gate: string;
  connId: string;
  hall: string;
  since: number;
}

export interface QueueEntry {
  userId: string;
  name: string;
  gate: string;
  connId: string;
  /** ms since epoch; entries older than the queue TTL are skipped. */
  at: number;
}

export interface Store {
  // ---- leases (service runtime) ----
  /**
   * Atomically claims the lowest free `<type><NNN>` (from 001), or exactly
   * `preferredId` when given (throws `LeaseTakenError` if it is held). The lease
   * expires after `ttlMs` unless renewed.
   */
  acquireLease(type: Exclude<ServerType, 'observer'> | 'observer', options: { ttlMs: number; preferredId?: string }): Promise<Lease>;
  /** Extends the lease; false when it was lost (expired and maybe taken): stop at once. */
  renewLease(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Frees the id if still held by this lease. */
  releaseLease(lease: Lease): Promise<void>;

  // ---- presence: one session per user across all gates ----
  /** Atomically sets the user's presence and returns the previous one (another connection to kick). */
  claimPresence(presence: Presence): Promise<Presence | undefined>;
  /** Removes the presence only if it still belongs to `connId`; true if removed. */
  releasePresence(userId: string, connId: string): Promise<boolean>;
  getPresence(userId: string): Promise<Presence | undefined>;
  /**
   * Removes every presence on `gate` (a gate that died: its connections are gone);
   * returns how many. Added to the original interface: presence has no TTL, so without
   * it a crashed gate's users would stay "online" forever. Each removal is a
   * compare-and-delete on the gate, so a user who meanwhile logged in elsewhere is kept.
   */
  releaseGatePresence(gate: string): Promise<number>;
  /** How many users are present (for metrics). */
  countPresence(): Promise<number>;

  // ---- resume tokens ----
  saveResume(token: string, user: { userId: string; name: string }, ttlMs: number): Promise<void>;
  loadResume(token: string): Promise<{ userId: string; name: string } | undefined>;

  // ---- quick match ----
  /**
   * Atomically: takes the oldest waiting entry of `queue` (not `entry.userId`, not
   * older than `ttlMs`) and returns it; if there is none, appends `entry` and returns
   * undefined. A user already waiting is not added twice.
   */
  matchOrWait(queue: string, entry: QueueEntry, ttlMs: number): Promise<QueueEntry | undefined>;
  /** Removes the user from the queue; true if they were waiting. */
  leaveQueue(queue: string, userId: string): Promise<boolean>;

  // ---- rooms ----
  putRoom(room: RoomInfo): Promise<void>;
  getRoom(roomId: string): Promise<RoomInfo | undefined>;
  deleteRoom(roomId: string): Promise<void>;
  listRooms(): Promise<RoomInfo[]>;
  /** The room a user is playing in (for rejoin), or null to clear. */
  setUserRoom(userId: string, roomId: string | null): Promise<void>;
  getUserRoom(userId: string): Promise<string | undefined>;

  // ---- observer ----
  saveRegistry(servers: ServerInfo[]): Promise<void>;
  loadRegistry(): Promise<ServerInfo[]>;

  close(): Promise<void>;
}

/** Counters both stores expose as `stats()` (not part of `Store`: for metrics). */
export interface StoreStats {
  /** Records that failed validation on read and were skipped (rooms, presence, queue entries, registry entries…). */
  invalidRecords: number;
}
