import type { Bus } from '@hallway/mq';
import { ClusterRoute, OBSERVER_ID, type ServerType } from '@hallway/protocol';
import type { Lease, Store } from '@hallway/store';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { LiveClusterView } from './cluster-view.js';
import type { HeartbeatLoop } from './heartbeat.js';
import { sendJson, type HttpServer } from './http-server.js';
import type { HttpHandler, ServiceRuntime } from './service-runtime.js';
import { withTimeout } from './with-timeout.js';

/** Lifecycle: running → shutting-down → stopped; `failed` after a fatal error (lease lost, fenced). */
export type RuntimeState = 'running' | 'shutting-down' | 'stopped' | 'failed';

export interface RuntimeParts {
  type: ServerType;
  lease: Lease;
  bus: Bus;
  store: Store;
  /** Close the store on shutdown (false when it is shared, e.g. the single-process memory store). */
  ownsStore: boolean;
  log: Logger;
  metrics: Registry;
  cluster: LiveClusterView;
  http: HttpServer;
  /** Heartbeats and renews the lease (the observer's only renews: it is the registry). */
  heartbeat: HeartbeatLoop;
  shutdownTimeoutMs: number;
  /** How long to wait for the observer to confirm `cluster.leave`. */
  leaveTimeoutMs: number;
  onFatal: (err: Error) => void;
}

/** The runtime `startRuntime` returns: `ServiceRuntime` plus what operators and tests look at. */
export interface StartedRuntime extends ServiceRuntime {
  readonly lease: Lease;
  readonly state: RuntimeState;
  /** True once the observer answered a heartbeat (always true for the observer). */
  readonly registered: boolean;
  readonly load: number;
  readonly meta: Readonly<Record<string, string>>;
  /** Why /readyz is 503 (empty when ready). */
  readinessReasons(): string[];
  /**
   * Skips heartbeats and lease renewals for `ms`, like a stalled process. For tests of
   * death detection.
   */
  pauseHeartbeat(ms: number): void;
  /**
   * Stops dead without telling anyone: no leave, lease not released, bus and HTTP
   * closed. What a crash looks like to the cluster. For tests.
   */
  simulateCrash(): Promise<void>;
}

/** Budget kept back from the hooks for leave, drain, lease release and closing. */
const TEARDOWN_RESERVE_MS = 2_000;

export class Runtime implements StartedRuntime {
  readonly type: ServerType;
  readonly serverId: string;
  readonly epoch: number;
  readonly lease: Lease;
  readonly bus: Bus;
  readonly store: Store;
  readonly log: Logger;
  readonly metrics: Registry;
  readonly cluster: LiveClusterView;
  private readonly parts: RuntimeParts;
  private readonly hooks: (() => void | Promise<void>)[] = [];
  private readonly checks = new Map<string, () => boolean>();
  private currentLoad = 0;
  private currentMeta: Record<string, string> = {};
  private currentState: RuntimeState = 'running';
  private fatalError: Error | undefined;
  private shutdownPromise: Promise<void> | undefined;

  constructor(parts: RuntimeParts) {
    this.parts = parts;
    this.type = parts.type;
    this.lease = parts.lease;
    this.serverId = parts.lease.serverId;
    this.epoch = parts.lease.epoch;
    this.bus = parts.bus;
    this.store = parts.store;
    this.log = parts.log;
    this.metrics = parts.metrics;
    this.cluster = parts.cluster;
    parts.http.route('/healthz', (_req, res) => this.serveHealth(res));
    parts.http.route('/readyz', (_req, res) => this.serveReady(res));
    parts.http.route('/metrics', async (_req, res) => {
      const text = await this.metrics.metrics();
      res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' });
      res.end(text);
    });
  }

  get httpPort(): number {
    return this.parts.http.port;
  }

  get state(): RuntimeState {
    return this.currentState;
  }

  get registered(): boolean {
    return this.parts.heartbeat.registered;
  }

  get load(): number {
    return this.currentLoad;
  }

  get meta(): Readonly<Record<string, string>> {
    return this.currentMeta;
  }

  get ready(): boolean {
    return this.readinessReasons().length === 0;
  }

  readinessReasons(): string[] {
    const reasons: string[] = [];
    if (this.currentState !== 'running') reasons.push(this.fatalError ? `failed: ${this.fatalError.message}` : this.currentState);
    if (!this.registered) reasons.push('not registered with the observer yet');
    if (this.bus.status !== 'up') reasons.push(`bus ${this.bus.status}`);
    for (const [name, check] of this.checks) {
      let ok = false;
      try {
        ok = check();
      } catch (err) {
        this.log.warn({ err, check: name }, 'readiness check threw');
      }
      if (!ok) reasons.push(`check "${name}" failing`);
    }
    return reasons;
  }

  setLoad(load: number): void {
    // The heartbeat schema wants a finite non-negative number; never let a bad figure break beats.
    this.currentLoad = Number.isFinite(load) && load >= 0 ? load : 0;
  }

  setMeta(meta: Record<string, string>): void {
    this.currentMeta = { ...meta };
  }

  route(path: string, handler: HttpHandler): void {
    this.parts.http.route(path, handler);
  }

  addReadinessCheck(name: string, check: () => boolean): void {
    this.checks.set(name, check);
  }

  onShutdown(fn: () => void | Promise<void>): void {
    this.hooks.push(fn);
  }

  pauseHeartbeat(ms: number): void {
    this.parts.heartbeat.pause(ms);
  }

  /** Called by the heartbeat loop: the runtime can no longer run safely. Reported once. */
  fail(err: Error): void {
    if (this.fatalError) return;
    this.fatalError = err;
    if (this.currentState === 'running') this.currentState = 'failed';
    this.log.fatal({ err }, 'service runtime cannot continue');
    try {
      this.parts.onFatal(err);
    } catch (hookErr) {
      this.log.error({ err: hookErr }, 'onFatal threw');
    }
  }

  shutdown(reason: string): Promise<void> {
    this.shutdownPromise ??= this.runShutdown(reason);
    return this.shutdownPromise;
  }

  async simulateCrash(): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    this.shutdownPromise = (async () => {
      this.currentState = 'stopped';
      await this.parts.heartbeat.stop();
      await this.bus.close({ drainMs: 0 });
      if (this.parts.ownsStore) await this.store.close().catch(() => undefined);
      await this.parts.http.close(500);
    })();
    return this.shutdownPromise;
  }

  private async runShutdown(reason: string): Promise<void> {
    const started = Date.now();
    const deadline = started + this.parts.shutdownTimeoutMs;
    const left = (): number => Math.max(0, deadline - Date.now());
    if (this.currentState === 'running') this.currentState = 'shutting-down';
    this.log.info({ reason, timeoutMs: this.parts.shutdownTimeoutMs }, 'shutting down');

    const reserve = Math.min(TEARDOWN_RESERVE_MS, Math.floor(this.parts.shutdownTimeoutMs / 4));
    await this.runHooks(deadline - reserve);

    // Heartbeats run while the hooks drain (so the observer does not declare a busy,
    // draining server dead); now they stop, before the leave, so none re-registers us.
    await withTimeout(this.parts.heartbeat.stop(), Math.min(1_000, left()), () => undefined);
    if (this.type !== 'observer' && !this.fatalError) await this.leave(Math.min(1_000, this.parts.leaveTimeoutMs, left()));
    await this.step('bus close', this.bus.close({ drainMs: Math.min(1_000, Math.max(0, left() - 1_000)) }), left());
    // After a fatal error the lease is gone or belongs to someone else: leave it alone.
    if (!this.fatalError) await this.step('lease release', this.store.releaseLease(this.lease), Math.min(1_000, left()));
    if (this.parts.ownsStore) await this.step('store close', this.store.close(), Math.min(1_000, left()));
    await this.parts.http.close(Math.min(500, left()));
    if (this.currentState === 'shutting-down') this.currentState = 'stopped';
    this.log.info({ reason, ms: Date.now() - started }, 'shutdown complete');
  }

  /** Runs hooks last-registered first, each awaited until `until`; after it, the rest are started but not awaited. */
  private async runHooks(until: number): Promise<void> {
    const hooks = [...this.hooks].reverse();
    for (const [i, hook] of hooks.entries()) {
      const run = Promise.resolve()
        .then(hook)
        .catch((err: unknown) => this.log.error({ err, hook: i }, 'shutdown hook failed'));
      const finished = await withTimeout(
        run.then(() => true),
        until - Date.now(),
        () => false,
      );
      if (!finished) this.log.warn({ hook: i, of: hooks.length }, 'shutdown hook still running at the deadline; continuing');
    }
  }

  private async leave(timeoutMs: number): Promise<void> {
    try {
      await this.bus.request(OBSERVER_ID, ClusterRoute.leave, { id: this.serverId, epoch: this.epoch }, { timeoutMs: Math.max(1, timeoutMs) });
      this.log.info('left the cluster');
    } catch (err) {
      // Best effort: the observer drops us after DEAD_AFTER_MS anyway.
      this.log.warn({ err }, 'leave not confirmed by the observer');
    }
  }

  private async step(what: string, promise: Promise<unknown>, timeoutMs: number): Promise<void> {
    try {
      const done = await withTimeout(
        promise.then(() => true),
        timeoutMs,
        () => false,
      );
      if (!done) this.log.warn({ timeoutMs }, `${what} did not finish in time; continuing`);
    } catch (err) {
      this.log.warn({ err }, `${what} failed; continuing`);
    }
  }

  private serveHealth(res: Parameters<HttpHandler>[1]): void {
    switch (this.currentState) {
      case 'running':
        // The id lets a load balancer or a test tell replicas apart.
        return sendJson(res, 200, { status: 'ok', serverId: this.serverId, type: this.type, epoch: this.epoch });
      case 'shutting-down':
      case 'stopped':
        return sendJson(res, 503, { status: 'shutting_down' });
      case 'failed':
        return sendJson(res, 503, { status: 'failed', error: this.fatalError?.message });
      default: {
        const never: never = this.currentState;
        return never;
      }
    }
  }

  private serveReady(res: Parameters<HttpHandler>[1]): void {
    const reasons = this.readinessReasons();
    if (reasons.length === 0) sendJson(res, 200, { ready: true });
    else sendJson(res, 503, { ready: false, reasons });
  }
}
