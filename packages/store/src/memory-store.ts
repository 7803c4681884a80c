import { randomUUID } from 'node:crypto';
import { formatServerId, type RoomInfo, type ServerInfo, type ServerType } from '@hallway/protocol';
import { LeaseTakenError, NoFreeIdError, StoreClosedError } from './errors.js';
import { MAX_LEASE_NUMBER, checkTtl, fixedLeaseId, nextEpoch } from './lease-ids.js';
import {
  RecordDecoder,
  encodePresence,
  encodeQueueEntry,
  encodeRegistry,
  encodeResumeUser,
  encodeRoom,
  type ResumeUser,
} from './records.js';
import type { Lease, Presence, QueueEntry, Store, StoreStats } from './store.js';

export interface MemoryStoreOptions {
  /**
   * How often expired leases, resume tokens and queues are dropped. Expiry is also
   * checked on every read, so this only bounds memory, not correctness.
   * @default 10000
   */
  sweepIntervalMs?: number;
}

export const DEFAULT_MEMORY_STORE_OPTIONS = {
  sweepIntervalMs: 10_000,
} as const satisfies MemoryStoreOptions;

interface Expiring<T> {
  value: T;
  /** ms since epoch (Date.now()) */
  expiresAt: number;
}

/**
 * The `Store` in this process, for the single-process cluster and unit tests. Same
 * semantics as `RedisStore`, checked by the same contract suite: records are kept as
 * the same JSON text (so callers never share objects with the store and invalid
 * records are skipped alike), TTLs are wall-clock deadlines checked on read, and every
 * method runs without awaiting in between, which makes each one atomic.
 */
export class MemoryStore implements Store {
  private readonly leases = new Map<string, Expiring<string>>();
  private readonly epochs = new Map<string, number>();
  private readonly presence = new Map<string, string>();
  private readonly resumes = new Map<string, Expiring<string>>();
  private readonly queues = new Map<string, Expiring<string[]>>();
  private readonly rooms = new Map<string, string>();
  private readonly userRooms = new Map<string, string>();
  private registry: string | undefined;
  private readonly decoder = new RecordDecoder();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    const sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_MEMORY_STORE_OPTIONS.sweepIntervalMs;
    // unref: a store alone must never keep a process alive.
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs).unref();
  }

  async acquireLease(type: ServerType, options: { ttlMs: number; preferredId?: string }): Promise<Lease> {
    this.checkOpen();
    const ttlMs = checkTtl(options.ttlMs);
    const fixed = fixedLeaseId(type, options.preferredId);
    const token = randomUUID();
    const now = Date.now();
    const claim = (serverId: string): Lease | undefined => {
      if (live(this.leases.get(serverId), now)) return undefined;
      this.leases.set(serverId, { value: token, expiresAt: now + ttlMs });
      const epoch = nextEpoch(this.epochs.get(serverId) ?? 0, now);
      this.epochs.set(serverId, epoch);
      return { serverId, type, epoch, token };
    };
    if (fixed !== undefined) {
      const lease = claim(fixed);
      if (!lease) throw new LeaseTakenError(fixed);
      return lease;
    }
    for (let n = 1; n <= MAX_LEASE_NUMBER; n++) {
      const lease = claim(formatServerId(type as Exclude<ServerType, 'observer'>, n));
      if (lease) return lease;
    }
    throw new NoFreeIdError(type, MAX_LEASE_NUMBER);
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    this.checkOpen();
    const ttl = checkTtl(ttlMs);
    const now = Date.now();
    const held = this.leases.get(lease.serverId);
    if (!live(held, now) || held.value !== lease.token) return false;
    held.expiresAt = now + ttl;
    return true;
  }

  async releaseLease(lease: Lease): Promise<void> {
    this.checkOpen();
    const held = this.leases.get(lease.serverId);
    if (live(held, Date.now()) && held.value === lease.token) this.leases.delete(lease.serverId);
  }

  async claimPresence(presence: Presence): Promise<Presence | undefined> {
    this.checkOpen();
    const previous = this.presence.get(presence.userId);
    this.presence.set(presence.userId, encodePresence(presence));
    return this.decoder.presence(previous);
  }

  async releasePresence(userId: string, connId: string): Promise<boolean> {
    this.checkOpen();
    const current = parseObject(this.presence.get(userId));
    if (current?.connId !== connId) return false;
    this.presence.delete(userId);
    return true;
  }

  async releaseGatePresence(gate: string): Promise<number> {
    this.checkOpen();
    let removed = 0;
    for (const [userId, raw] of this.presence) {
      if (parseObject(raw)?.gate === gate) {
        this.presence.delete(userId);
        removed += 1;
      }
    }
    return removed;
  }

  async getPresence(userId: string): Promise<Presence | undefined> {
    this.checkOpen();
    return this.decoder.presence(this.presence.get(userId));
  }

  async countPresence(): Promise<number> {
    this.checkOpen();
    return this.presence.size;
  }

  async saveResume(token: string, user: ResumeUser, ttlMs: number): Promise<void> {
    this.checkOpen();
    this.resumes.set(token, { value: encodeResumeUser(user), expiresAt: Date.now() + checkTtl(ttlMs) });
  }

  async loadResume(token: string): Promise<ResumeUser | undefined> {
    this.checkOpen();
    const saved = this.resumes.get(token);
    return live(saved, Date.now()) ? this.decoder.resumeUser(saved.value) : undefined;
  }

  async matchOrWait(queue: string, entry: QueueEntry, ttlMs: number): Promise<QueueEntry | undefined> {
    this.checkOpen();
    const ttl = checkTtl(ttlMs);
    const now = Date.now();
    const existing = this.queues.get(queue);
    const items = live(existing, now) ? existing.value : [];
    // The same walk as the Redis script: drop from the head what cannot match (the
    // caller's own older entries, stale or unreadable ones) until a partner turns up.
    for (let raw = items.shift(); raw !== undefined; raw = items.shift()) {
      const other = this.decoder.queueEntry(raw);
      if (other && other.userId !== entry.userId && now - other.at <= ttl) {
        // Matched: an older entry of the caller further back must not match anyone later.
        const rest = items.filter((r) => parseObject(r)?.userId !== entry.userId);
        if (rest.length > 0 && existing) this.queues.set(queue, { value: rest, expiresAt: existing.expiresAt });
        else this.queues.delete(queue);
        return other;
      }
    }
    // Nothing valid was left, so the queue is empty: the caller waits alone (never twice).
    this.queues.set(queue, { value: [encodeQueueEntry(entry)], expiresAt: now + ttl });
    return undefined;
  }

  async leaveQueue(queue: string, userId: string): Promise<boolean> {
    this.checkOpen();
    const existing = this.queues.get(queue);
    if (!live(existing, Date.now())) return false;
    const rest = existing.value.filter((raw) => parseObject(raw)?.userId !== userId);
    const removed = rest.length !== existing.value.length;
    if (rest.length === 0) this.queues.delete(queue);
    else existing.value = rest;
    return removed;
  }

  async putRoom(room: RoomInfo): Promise<void> {
    this.checkOpen();
    this.rooms.set(room.roomId, encodeRoom(room));
  }

  async getRoom(roomId: string): Promise<RoomInfo | undefined> {
    this.checkOpen();
    return this.decoder.room(this.rooms.get(roomId));
  }

  async deleteRoom(roomId: string): Promise<void> {
    this.checkOpen();
    this.rooms.delete(roomId);
  }

  async listRooms(): Promise<RoomInfo[]> {
    this.checkOpen();
    return this.decoder.rooms(this.rooms.values());
  }

  async setUserRoom(userId: string, roomId: string | null): Promise<void> {
    this.checkOpen();
    if (roomId === null) this.userRooms.delete(userId);
    else this.userRooms.set(userId, roomId);
  }

  async getUserRoom(userId: string): Promise<string | undefined> {
    this.checkOpen();
    return this.userRooms.get(userId);
  }

  async saveRegistry(servers: ServerInfo[]): Promise<void> {
    this.checkOpen();
    this.registry = encodeRegistry(servers);
  }

  async loadRegistry(): Promise<ServerInfo[]> {
    this.checkOpen();
    return this.decoder.registry(this.registry);
  }

  stats(): StoreStats {
    return { invalidRecords: this.decoder.invalidRecords };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private sweep(): void {
    const now = Date.now();
    for (const map of [this.leases, this.resumes, this.queues] as Map<string, Expiring<unknown>>[]) {
      for (const [key, item] of map) if (item.expiresAt <= now) map.delete(key);
    }
  }
}

function live<T>(item: Expiring<T> | undefined, now: number): item is Expiring<T> {
  return item !== undefined && item.expiresAt > now;
}

/**
 * Reads a record only to compare one field, as the Lua scripts do: not validated, and
 * not counted as invalid (the decoder counts a record when it is returned).
 */
function parseObject(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
