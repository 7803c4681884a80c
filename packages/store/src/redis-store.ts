import { randomUUID } from 'node:crypto';
import type { RoomInfo, ServerInfo, ServerType } from '@hallway/protocol';
import { Redis, type RedisOptions } from 'ioredis';
import {
  LeaseTakenError,
  NoFreeIdError,
  StoreClosedError,
  StoreCommandError,
  StoreUnavailableError,
} from './errors.js';
import { MAX_LEASE_NUMBER, checkTtl, fixedLeaseId } from './lease-ids.js';
import {
  RecordDecoder,
  encodePresence,
  encodeQueueEntry,
  encodeRegistry,
  encodeResumeUser,
  encodeRoom,
  type ResumeUser,
} from './records.js';
import { REDIS_SCRIPTS, type ScriptCommands } from './redis-scripts.js';
import type { Lease, Presence, QueueEntry, Store, StoreStats } from './store.js';

export interface RedisStoreOptions {
  /**
   * A `redis://` / `rediss://` URL, or ioredis options (host/port, or `sentinels` +
   * `name` for Sentinel). ioredis' own `keyPrefix` is refused: use `keyPrefix` here,
   * which the Lua scripts know about.
   */
  redis: string | RedisOptions;
  /**
   * Every key the store touches starts with this, so several clusters (or test runs)
   * can share one Redis.
   * @default 'hallway:'
   */
  keyPrefix?: string;
  /**
   * A command not answered within this fails with `StoreUnavailableError` instead of
   * hanging on a dead TCP path.
   * @default 2000
   */
  commandTimeoutMs?: number;
  /**
   * While the connection is (re)connecting, an operation waits this long for it before
   * failing with `StoreUnavailableError`. Commands are never queued offline and sent
   * late: an operation either runs on a live connection or fails.
   * @default 2000
   */
  readyTimeoutMs?: number;
  /**
   * Reconnect backoff: 50 ms, 100 ms, … capped here, so a restarted Redis is found
   * again within about this long.
   * @default 500
   */
  reconnectMaxDelayMs?: number;
}

export const DEFAULT_REDIS_STORE_OPTIONS = {
  keyPrefix: 'hallway:',
  commandTimeoutMs: 2_000,
  readyTimeoutMs: 2_000,
  reconnectMaxDelayMs: 500,
} as const satisfies Omit<RedisStoreOptions, 'redis'>;

/** Redis error replies that mean "not now" (loading, failover, busy script) rather than "wrong". */
const TRANSIENT_REPLY = /^(LOADING|MASTERDOWN|READONLY|TRYAGAIN|BUSY|CLUSTERDOWN|NOREPLICAS)\b/;

interface ReadyWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

type ScriptClient = Redis & ScriptCommands;

/**
 * The `Store` in Redis. One connection; every key under `keyPrefix` (the README has the
 * layout). Operations that read and write run as Lua scripts, so they are atomic
 * across all servers of the cluster.
 *
 * Failure behaviour: no offline queue and no resending of commands that were in flight
 * when the connection dropped (a late `claimPresence` or `acquireLease` would be worse
 * than a failed one). An operation waits up to `readyTimeoutMs` for a reconnecting
 * client, then rejects with `StoreUnavailableError`; a command on a live connection
 * rejects the same way after `commandTimeoutMs`.
 */
export class RedisStore implements Store {
  readonly keyPrefix: string;
  private readonly client: ScriptClient;
  private readonly settings: Required<Omit<RedisStoreOptions, 'redis'>>;
  private readonly decoder = new RecordDecoder();
  private readonly waiters = new Set<ReadyWaiter>();
  private lastError: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: RedisStoreOptions) {
    const { redis, ...rest } = options;
    this.settings = { ...DEFAULT_REDIS_STORE_OPTIONS, ...definedOnly(rest) };
    this.keyPrefix = this.settings.keyPrefix;
    if (typeof redis === 'object' && redis.keyPrefix) {
      throw new TypeError('RedisStore: set keyPrefix in the store options, not in the ioredis options (the Lua scripts build keys from it)');
    }
    const ours: RedisOptions = {
      connectionName: 'hallway:store',
      ...(typeof redis === 'object' ? redis : {}),
      commandTimeout: this.settings.commandTimeoutMs,
      // Fail fast rather than replay: see the class comment.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      // 0: commands in flight when the connection drops are rejected at once.
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(50 * times, this.settings.reconnectMaxDelayMs),
      sentinelRetryStrategy: (times) => Math.min(50 * times, this.settings.reconnectMaxDelayMs),
    };
    const client = typeof redis === 'string' ? new Redis(redis, ours) : new Redis(ours);
    client.on('error', (error: Error) => {
      // Reconnects are automatic; the last error explains a StoreUnavailableError.
      this.lastError = error;
    });
    client.on('ready', () => {
      for (const waiter of this.waiters) waiter.resolve();
      this.waiters.clear();
    });
    for (const [name, definition] of Object.entries(REDIS_SCRIPTS)) client.defineCommand(name, definition);
    this.client = client as ScriptClient;
  }

  // ---- leases ----

  async acquireLease(type: ServerType, options: { ttlMs: number; preferredId?: string }): Promise<Lease> {
    const ttlMs = checkTtl(options.ttlMs);
    const fixed = fixedLeaseId(type, options.preferredId);
    const token = randomUUID();
    const reply = await this.run('acquireLease', (c) =>
      c.hallwayAcquireLease(this.keyPrefix, type, token, ttlMs, fixed ?? '', Date.now(), MAX_LEASE_NUMBER),
    );
    if (reply === null) {
      if (fixed !== undefined) throw new LeaseTakenError(fixed);
      throw new NoFreeIdError(type, MAX_LEASE_NUMBER);
    }
    const [serverId, epoch] = reply as [string, string];
    return { serverId, type, epoch: Number(epoch), token };
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const renewed = await this.run('renewLease', (c) => c.hallwayRenewLease(this.key('lease:', lease.serverId), lease.token, ttl));
    return renewed === 1;
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.run('releaseLease', (c) => c.hallwayReleaseLease(this.key('lease:', lease.serverId), lease.token));
  }

  // ---- presence ----

  async claimPresence(presence: Presence): Promise<Presence | undefined> {
    const previous = await this.run('claimPresence', (c) =>
      c.hallwayClaimPresence(this.key('presence:', presence.userId), this.key('presence'), encodePresence(presence), presence.userId),
    );
    return this.decoder.presence(previous as string | null);
  }

  async releasePresence(userId: string, connId: string): Promise<boolean> {
    const removed = await this.run('releasePresence', (c) =>
      c.hallwayReleasePresence(this.key('presence:', userId), this.key('presence'), 'connId', connId, userId),
    );
    return removed === 1;
  }

  async releaseGatePresence(gate: string): Promise<number> {
    // Not one script: a gate can hold many thousands of users, and one long script would
    // stall every other client. SSCAN in batches; each removal re-checks the gate atomically.
    let removed = 0;
    let cursor = '0';
    do {
      const [next, userIds] = await this.run('releaseGatePresence', (c) => c.sscan(this.key('presence'), cursor, 'COUNT', 500));
      cursor = next;
      if (userIds.length === 0) continue;
      const values = await this.run('releaseGatePresence', (c) => c.mget(userIds.map((u) => this.key('presence:', u))));
      const onGate = userIds.filter((_, i) => presenceGate(values[i]) === gate);
      const results = await Promise.all(
        onGate.map((userId) =>
          this.run('releaseGatePresence', (c) =>
            c.hallwayReleasePresence(this.key('presence:', userId), this.key('presence'), 'gate', gate, userId),
          ),
        ),
      );
      removed += results.filter((r) => r === 1).length;
    } while (cursor !== '0');
    return removed;
  }

  async getPresence(userId: string): Promise<Presence | undefined> {
    return this.decoder.presence(await this.run('getPresence', (c) => c.get(this.key('presence:', userId))));
  }

  async countPresence(): Promise<number> {
    return this.run('countPresence', (c) => c.scard(this.key('presence')));
  }

  // ---- resume tokens ----

  async saveResume(token: string, user: ResumeUser, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    await this.run('saveResume', (c) => c.set(this.key('resume:', token), encodeResumeUser(user), 'PX', ttl));
  }

  async loadResume(token: string): Promise<ResumeUser | undefined> {
    return this.decoder.resumeUser(await this.run('loadResume', (c) => c.get(this.key('resume:', token))));
  }

  // ---- quick match ----

  async matchOrWait(queue: string, entry: QueueEntry, ttlMs: number): Promise<QueueEntry | undefined> {
    const ttl = checkTtl(ttlMs);
    const matched = await this.run('matchOrWait', (c) =>
      c.hallwayMatchOrWait(this.key('queue:', queue), encodeQueueEntry(entry), entry.userId, Date.now(), ttl),
    );
    return this.decoder.queueEntry(matched as string | null);
  }

  async leaveQueue(queue: string, userId: string): Promise<boolean> {
    const removed = await this.run('leaveQueue', (c) => c.hallwayLeaveQueue(this.key('queue:', queue), userId));
    return Number(removed) > 0;
  }

  // ---- rooms ----

  async putRoom(room: RoomInfo): Promise<void> {
    await this.run('putRoom', (c) => c.hset(this.key('rooms'), room.roomId, encodeRoom(room)));
  }

  async getRoom(roomId: string): Promise<RoomInfo | undefined> {
    return this.decoder.room(await this.run('getRoom', (c) => c.hget(this.key('rooms'), roomId)));
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.run('deleteRoom', (c) => c.hdel(this.key('rooms'), roomId));
  }

  async listRooms(): Promise<RoomInfo[]> {
    const all = await this.run('listRooms', (c) => c.hgetall(this.key('rooms')));
    return this.decoder.rooms(Object.values(all));
  }

  async setUserRoom(userId: string, roomId: string | null): Promise<void> {
    const key = this.key('userroom:', userId);
    await this.run('setUserRoom', async (c) => {
      if (roomId === null) await c.del(key);
      else await c.set(key, roomId);
    });
  }

  async getUserRoom(userId: string): Promise<string | undefined> {
    return (await this.run('getUserRoom', (c) => c.get(this.key('userroom:', userId)))) ?? undefined;
  }

  // ---- observer ----

  async saveRegistry(servers: ServerInfo[]): Promise<void> {
    await this.run('saveRegistry', (c) => c.set(this.key('registry'), encodeRegistry(servers)));
  }

  async loadRegistry(): Promise<ServerInfo[]> {
    return this.decoder.registry(await this.run('loadRegistry', (c) => c.get(this.key('registry'))));
  }

  // ---- lifecycle ----

  stats(): StoreStats {
    return { invalidRecords: this.decoder.invalidRecords };
  }

  /** Quits the connection (waiting at most 1 s for Redis to answer). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const waiter of this.waiters) waiter.reject(new StoreClosedError());
      this.waiters.clear();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)));
      await Promise.race([this.client.quit().then(noop, noop), timeout]);
      clearTimeout(timer);
      this.client.disconnect();
    })();
    return this.closing;
  }

  private key(kind: string, id = ''): string {
    return this.keyPrefix + kind + id;
  }

  /** Runs one command on a ready connection and maps failures to store errors. */
  private async run<T>(operation: string, command: (client: ScriptClient) => Promise<T>): Promise<T> {
    if (this.closing) throw new StoreClosedError();
    await this.whenReady(operation);
    try {
      return await command(this.client);
    } catch (error) {
      throw this.translate(operation, error);
    }
  }

  private whenReady(operation: string): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: ReadyWaiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const why = this.lastError ? `: ${this.lastError.message}` : '';
        reject(
          new StoreUnavailableError(`${operation}: not connected within ${this.settings.readyTimeoutMs} ms (${this.client.status}${why})`, {
            cause: this.lastError,
          }),
        );
      }, this.settings.readyTimeoutMs);
      this.waiters.add(waiter);
    });
  }

  private translate(operation: string, error: unknown): Error {
    if (this.closing) return new StoreClosedError();
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.name === 'ReplyError' && !TRANSIENT_REPLY.test(message)) {
      return new StoreCommandError(operation, { cause: error });
    }
    return new StoreUnavailableError(`${operation}: ${message}`, { cause: error });
  }
}

function noop(): void {}

/** The gate of a stored presence, read only to pick candidates (the script re-checks it). */
function presenceGate(raw: string | null | undefined): unknown {
  if (!raw) return undefined;
  try {
    return (JSON.parse(raw) as { gate?: unknown } | null)?.gate;
  } catch {
    return undefined;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
