import { Redis, type RedisOptions } from 'ioredis';
import { BaseBus } from './base-bus.js';
import { BusUnavailableError } from './errors.js';
import type { BusOptions } from './options.js';

export interface RedisBusOptions extends BusOptions {
  /** A `redis://` URL, or ioredis options: host/port, or `sentinels` + `name` for Sentinel. */
  redis: string | RedisOptions;
  /**
   * How often a probe travels publisher → Redis → own channel → subscriber.
   * @default 1000
   */
  probeIntervalMs?: number;
  /**
   * A probe (or PING) not back within this is a dead path: reconnect and resubscribe.
   * @default 1500
   */
  probeTimeoutMs?: number;
  /**
   * Any Redis command not answered within this fails (publishes reject with
   * `BusUnavailableError` instead of hanging on a dead TCP path).
   * @default 1000
   */
  commandTimeoutMs?: number;
  /**
   * Reconnect backoff: 50 ms, 100 ms, … capped here. Small, so a restarted Redis is
   * found again within a second.
   * @default 500
   */
  reconnectMaxDelayMs?: number;
  /**
   * `start()` rejects with `BusUnavailableError` if the bus is not up by then (it keeps
   * trying in the background until `close()`).
   * @default 10000
   */
  startTimeoutMs?: number;
}

export const DEFAULT_REDIS_BUS_OPTIONS = {
  probeIntervalMs: 1_000,
  probeTimeoutMs: 1_500,
  commandTimeoutMs: 1_000,
  reconnectMaxDelayMs: 500,
  startTimeoutMs: 10_000,
} as const satisfies Partial<RedisBusOptions>;

type Role = 'publisher' | 'subscriber';

/**
 * The bus over Redis pub/sub. Two connections: a publisher (commands, PUBLISH,
 * auto-pipelined, no offline queue) and a dedicated subscriber. A liveness loop sends a
 * probe through Redis to the own channel every `probeIntervalMs`; a probe that does not
 * come back means the path is dead even if TCP looks fine ("subscribed to air"), and
 * both connections are torn down and rebuilt, resubscribing everything.
 */
export class RedisBus extends BaseBus {
  private readonly redisOptions: RedisOptions;
  private readonly timing: typeof DEFAULT_REDIS_BUS_OPTIONS;
  private pub: Redis | undefined;
  private sub: Redis | undefined;
  private monitor: NodeJS.Timeout | undefined;
  private checking = false;
  private recheck = false;
  /**
   * Bumped whenever a connection closes or is torn down: a probe that started before
   * says nothing about the new connections, so its verdict is ignored.
   */
  private generation = 0;
  /** Connections torn down by `forceReconnect` that have not been ready since. */
  private readonly awaitingReady = new Set<Role>();

  constructor(options: RedisBusOptions) {
    super(options);
    const { redis, ...rest } = options;
    this.timing = { ...DEFAULT_REDIS_BUS_OPTIONS, ...pickDefined(rest, DEFAULT_REDIS_BUS_OPTIONS) };
    const base: RedisOptions = typeof redis === 'string' ? parseUrl(redis) : { ...redis };
    this.redisOptions = {
      ...base,
      lazyConnect: true,
      commandTimeout: this.timing.commandTimeoutMs,
      retryStrategy: (times) => Math.min(50 * times, this.timing.reconnectMaxDelayMs),
      sentinelRetryStrategy: (times) => Math.min(50 * times, this.timing.reconnectMaxDelayMs),
    };
  }

  async start(): Promise<void> {
    if (this.pub) throw new Error('RedisBus.start() called twice');
    this.pub = this.connect('publisher', {
      // Fail fast while disconnected: never queue publishes to replay them late.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
    });
    this.sub = this.connect('subscriber', { autoResubscribe: true, maxRetriesPerRequest: null });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    this.sub.on('pmessageBuffer', (_pattern: string, channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
    this.monitor = setInterval(() => this.kick(), this.timing.probeIntervalMs).unref();
    void this.sub.subscribe(this.ownChannel).catch((err: unknown) => this.log.warn({ err }, 'subscribe failed; will retry'));
    void this.pub.connect().catch(() => undefined);
    void this.sub.connect().catch(() => undefined);
    await this.waitUp(this.timing.startTimeoutMs);
  }

  private connect(role: Role, extra: RedisOptions): Redis {
    const client = new Redis({ ...this.redisOptions, ...extra, connectionName: `hallway:${this.serverId}:${role === 'publisher' ? 'pub' : 'sub'}` });
    client.on('error', (err: Error) => this.log.debug({ err, role }, 'redis connection error'));
    client.on('ready', () => {
      this.log.debug({ role }, 'redis connection ready');
      this.awaitingReady.delete(role);
      this.kick();
    });
    client.on('close', () => {
      this.generation += 1;
      this.markDown(`${role} connection closed`);
    });
    return client;
  }

  private waitUp(timeoutMs: number): Promise<void> {
    if (this.status === 'up') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onStatus = (status: string): void => {
        if (status === 'up') {
          cleanup();
          resolve();
        } else if (status === 'closed') {
          cleanup();
          reject(new BusUnavailableError('closed while starting'));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new BusUnavailableError(`not up within ${timeoutMs} ms of start; is Redis reachable?`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('status', onStatus);
      };
      this.on('status', onStatus);
    });
  }

  /** Runs a liveness check now (or right after the one in progress). */
  private kick(): void {
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    this.check()
      .catch((err: unknown) => this.log.error({ err }, 'liveness check failed'))
      .finally(() => {
        this.checking = false;
        if (this.recheck && this.status !== 'closed') {
          this.recheck = false;
          this.kick();
        }
      });
  }

  private async check(): Promise<void> {
    const { pub, sub } = this;
    if (!pub || !sub || this.isClosed()) return;
    if (pub.status !== 'ready' || sub.status !== 'ready' || this.awaitingReady.size > 0) {
      this.markDown(`reconnecting (publisher ${pub.status}, subscriber ${sub.status})`);
      return;
    }
    const generation = this.generation;
    const [probed, pinged] = await Promise.all([this.probe(this.timing.probeTimeoutMs), this.ping(sub)]);
    // Closed, or a connection dropped meanwhile: the 'ready' that follows starts a new check.
    if (this.isClosed() || generation !== this.generation) return;
    if (probed && pinged) {
      this.setStatus('up', 'probe returned');
      return;
    }
    const reason = !pinged ? 'subscriber PING unanswered' : 'probe did not come back';
    this.markDown(reason);
    this.forceReconnect(reason);
  }

  /** Down, unless still starting: a bus that never came up is `connecting`, not down. */
  private markDown(reason: string): void {
    if (this.status !== 'connecting') this.setStatus('down', reason);
  }

  private isClosed(): boolean {
    return this.status === 'closed';
  }

  private async ping(client: Redis): Promise<boolean> {
    try {
      await client.ping();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Destroys both sockets: ioredis then reconnects (with backoff) and resubscribes. A
   * graceful close would wait for a FIN that a dead path never delivers.
   */
  private forceReconnect(reason: string): void {
    this.log.warn({ reason }, 'dead path: forcing reconnect');
    this.generation += 1;
    this.recheck = false;
    this.awaitingReady.add('publisher').add('subscriber');
    for (const client of [this.pub, this.sub]) client?.stream?.destroy();
  }

  protected async sendRaw(channel: string, payload: Buffer): Promise<unknown> {
    if (!this.pub) throw new BusUnavailableError('not started');
    return this.pub.publish(channel, payload);
  }

  protected async subscribeRaw(channel: string): Promise<void> {
    await this.sub?.subscribe(channel);
  }

  protected async unsubscribeRaw(channel: string): Promise<void> {
    await this.sub?.unsubscribe(channel);
  }

  protected async psubscribeRaw(pattern: string): Promise<void> {
    await this.sub?.psubscribe(pattern);
  }

  protected async punsubscribeRaw(pattern: string): Promise<void> {
    await this.sub?.punsubscribe(pattern);
  }

  protected async closeTransport(): Promise<void> {
    if (this.monitor) clearInterval(this.monitor);
    await Promise.all([this.pub, this.sub].map((client) => client && quitWithin(client, 1_000)));
  }
}

async function quitWithin(client: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([client.quit().then(() => undefined, () => undefined), timeout]);
  clearTimeout(timer);
  client.disconnect();
}

function parseUrl(url: string): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new TypeError(`redis URL must start with redis:// or rediss://, got "${url}"`);
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && !Number.isNaN(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

function pickDefined<T extends object>(source: object, shape: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(shape) as (keyof T)[]) {
    const value = (source as Record<keyof T, unknown>)[key];
    if (value !== undefined) out[key] = value as T[keyof T];
  }
  return out;
}
