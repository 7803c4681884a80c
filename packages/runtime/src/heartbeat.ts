import type { Bus } from '@hallway/mq';
import { ClusterRoute, HeartbeatReplySchema, OBSERVER_ID, type Heartbeat as HeartbeatBody } from '@hallway/protocol';
import type { Lease, Store } from '@hallway/store';
import type { Logger } from 'pino';
import { applyClusterUpdate } from './cluster-sync.js';
import type { LiveClusterView } from './cluster-view.js';
import { FencedError, LeaseLostError, type RuntimeError } from './errors.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { withTimeout } from './with-timeout.js';

export interface HeartbeatOptions {
  bus: Bus;
  store: Store;
  lease: Lease;
  cluster: LiveClusterView;
  intervalMs: number;
  leaseTtlMs: number;
  /** What to report: id, type, epoch, current load and meta. */
  info: () => HeartbeatBody;
  log: Logger;
  /** The first heartbeat the observer answered. */
  onRegistered: () => void;
  /** The server must stop: lease lost or fenced. The loop has already stopped. */
  onFatal: (err: RuntimeError) => void;
  onBeat?: (ok: boolean) => void;
  /**
   * false: only renew the lease, never heartbeat (the observer itself, which is the
   * registry). Such a loop counts as registered from the start.
   * @default true
   */
  report?: boolean;
}

/**
 * Every `intervalMs`: renews the id lease and heartbeats to the observer, in parallel.
 * The reply carries this server's cluster view and permission list. Failures (observer
 * down, timeouts, Redis blips) are logged and retried; only a lost lease or a `fenced`
 * reply are fatal. Beats never overlap: the next starts `intervalMs` after the previous
 * one started, or at once if that one took longer.
 */
export class HeartbeatLoop {
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  private stopped = true;
  private pausedUntil = 0;
  private isRegistered = false;
  private lastOkAt = 0;
  private readonly beatLog: RateLimitedLog;
  private readonly renewLog: RateLimitedLog;

  constructor(private readonly options: HeartbeatOptions) {
    this.isRegistered = options.report === false;
    this.beatLog = new RateLimitedLog(options.log, 'heartbeat to the observer');
    this.renewLog = new RateLimitedLog(options.log, 'lease renewal');
  }

  get registered(): boolean {
    return this.isRegistered;
  }

  /** ms since epoch of the last heartbeat the observer answered (0: none yet). */
  get lastSuccessAt(): number {
    return this.lastOkAt;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops beating and waits for a beat in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
  }

  /**
   * Skips beats (and lease renewals) for `ms`: what a stalled process looks like to the
   * observer. For tests of death detection.
   */
  pause(ms: number): void {
    this.pausedUntil = Date.now() + ms;
  }

  /** Beats now (between scheduled beats); resolves when done. */
  async beatNow(): Promise<void> {
    await this.inflight;
    if (!this.stopped) await this.run();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      // Whatever a beat throws (a cluster-change listener included), the next one is
      // scheduled and nothing escapes as an unhandled rejection.
      void this.run()
        .catch((err: unknown) => this.beatLog.failure(err))
        .finally(() => this.schedule(Math.max(0, this.options.intervalMs - (Date.now() - started))));
    }, delayMs);
  }

  private run(): Promise<void> {
    this.inflight = this.beat().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async beat(): Promise<void> {
    if (Date.now() < this.pausedUntil) return;
    await Promise.all([this.renew(), this.options.report === false ? undefined : this.heartbeat()]);
  }

  private async renew(): Promise<void> {
    const { store, lease, leaseTtlMs, intervalMs } = this.options;
    try {
      const renewed = await withTimeout(store.renewLease(lease, leaseTtlMs), intervalMs, () => undefined);
      if (renewed === undefined) throw new Error(`no answer from the store within ${intervalMs} ms`);
      if (!renewed) return this.fatal(new LeaseLostError(lease.serverId));
      this.renewLog.success();
    } catch (err) {
      if (this.stopped) return;
      this.renewLog.failure(err, { serverId: lease.serverId });
    }
  }

  private async heartbeat(): Promise<void> {
    const { bus, cluster, intervalMs, log } = this.options;
    const info = this.options.info();
    let reply: unknown;
    try {
      reply = await bus.request(OBSERVER_ID, ClusterRoute.heartbeat, info, { timeoutMs: intervalMs });
    } catch (err) {
      if (this.stopped) return;
      return this.failed(err);
    }
    if (this.stopped) return;
    const parsed = HeartbeatReplySchema.safeParse(reply);
    if (!parsed.success) return this.failed(new Error(`malformed heartbeat reply: ${parsed.error.message}`));
    const status = parsed.data.status;
    switch (status) {
      case 'ok': {
        this.beatLog.success();
        this.lastOkAt = Date.now();
        this.options.onBeat?.(true);
        if (applyClusterUpdate(bus, cluster, parsed.data.update)) {
          log.debug({ version: parsed.data.update.version }, 'cluster update applied from heartbeat reply');
        }
        if (!this.isRegistered) {
          this.isRegistered = true;
          log.info({ version: cluster.version, servers: cluster.servers().length }, 'registered with the observer');
          this.options.onRegistered();
        }
        return;
      }
      case 'fenced':
        return this.fatal(new FencedError(info.id, info.epoch, parsed.data.currentEpoch));
      default: {
        const never: never = status;
        return never;
      }
    }
  }

  private failed(err: unknown): void {
    this.options.onBeat?.(false);
    this.beatLog.failure(err);
  }

  private fatal(err: RuntimeError): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.options.onFatal(err);
  }
}
