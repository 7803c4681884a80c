import { EventEmitter } from 'node:events';
import type { Envelope, MessageEnvelope, ProbeEnvelope, ReplyEnvelope, RequestEnvelope, ServerType } from '@hallway/protocol';
import type { Logger } from 'pino';
import type { Bus, BusEvents, BusStats, BusStatus, DroppedEvent, Handler, MessageContext, PublishOptions, RequestOptions } from './bus.js';
import { Codec } from './codec.js';
import {
  BusClosedError,
  BusUnavailableError,
  ChannelNotPermittedError,
  HandlerError,
  MqError,
  RemoteError,
} from './errors.js';
import { KeyedDispatcher } from './keyed-dispatcher.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './options.js';
import { PendingRequests } from './pending-requests.js';
import { Permissions, type PermissionList } from './permissions.js';
import { PublishBatcher } from './publish-batcher.js';
import { Sequencer, SequenceTracker } from './sequence-tracker.js';

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Everything the Redis and in-memory buses share: envelopes, batching, permissions,
 * gap detection, request/reply and dispatch. A subclass supplies the transport
 * (`sendRaw`, subscriptions) and drives `status`; it feeds every incoming payload to
 * `receive`.
 */
export abstract class BaseBus extends EventEmitter<BusEvents> implements Bus {
  readonly serverId: string;
  readonly epoch: number;
  protected readonly options: ResolvedBusOptions;
  protected readonly log: Logger;
  protected readonly ownChannel: string;
  private currentStatus: BusStatus = 'connecting';
  private readonly codec: Codec;
  private readonly permits: Permissions;
  private readonly handlers = new Map<string, Handler>();
  private readonly dispatcher: KeyedDispatcher;
  private readonly pending: PendingRequests;
  private readonly sequencer = new Sequencer();
  private readonly tracker = new SequenceTracker();
  private readonly batcher: PublishBatcher;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly probeWaiters = new Map<number, () => void>();
  private nextProbe = 0;
  private closing: Promise<void> | undefined;
  /** Set by close(): new messages and requests are ignored, replies still accepted. */
  private draining = false;
  private readonly counters: Omit<BusStats, 'status' | 'pendingRequests' | 'queued'> = {
    published: 0,
    publishBatches: 0,
    publishFailures: 0,
    received: 0,
    handled: 0,
    handlerErrors: 0,
    dropped: { oversize: 0, malformed: 0, invalid: 0, overflow: 0, no_handler: 0, stale_reply: 0 },
    gaps: 0,
    missed: 0,
    ups: 0,
    downs: 0,
    probesSent: 0,
    probeFailures: 0,
  };

  protected constructor(options: BusOptions) {
    super();
    this.options = resolveBusOptions(options);
    this.serverId = this.options.serverId;
    this.epoch = this.options.epoch;
    this.log = this.options.logger.child({ component: 'mq', serverId: this.serverId });
    this.ownChannel = this.channelOf(this.serverId);
    this.codec = new Codec(this.options.maxPayloadBytes);
    this.permits = new Permissions(this.serverId, this.options.permissions);
    this.pending = new PendingRequests(this.options.maxPendingRequests);
    this.dispatcher = new KeyedDispatcher(this.options, (err) => this.log.error({ err }, 'handler task failed'));
    this.batcher = new PublishBatcher(
      this.codec,
      this.options.maxBatch,
      (channel, payload) => this.sendRaw(channel, payload),
      () => (this.counters.publishBatches += 1),
    );
    this.pruneTimer = setInterval(() => this.tracker.prune(Date.now()), PRUNE_INTERVAL_MS).unref();
  }

  // ---- transport, supplied by subclasses ----------------------------------------

  protected abstract sendRaw(channel: string, payload: Buffer): Promise<unknown>;
  protected abstract subscribeRaw(channel: string): Promise<void>;
  protected abstract unsubscribeRaw(channel: string): Promise<void>;
  protected abstract psubscribeRaw(pattern: string): Promise<void>;
  protected abstract punsubscribeRaw(pattern: string): Promise<void>;
  protected abstract closeTransport(): Promise<void>;
  abstract start(): Promise<void>;

  // ---- status ---------------------------------------------------------------------

  get status(): BusStatus {
    return this.currentStatus;
  }

  protected setStatus(next: BusStatus, reason: string): void {
    const prev = this.currentStatus;
    if (prev === next || prev === 'closed') return;
    this.currentStatus = next;
    if (next === 'up') this.counters.ups += 1;
    if (next === 'down' && prev === 'up') this.counters.downs += 1;
    const level = next === 'down' ? 'warn' : 'info';
    this.log[level]({ from: prev, to: next, reason }, `bus ${next}`);
    if (next === 'down') this.batcher.failAll(new BusUnavailableError(reason));
    this.emit('status', next, reason);
  }

  private assertUp(): void {
    if (this.currentStatus === 'up') return;
    if (this.currentStatus === 'closed') throw new BusClosedError();
    throw new BusUnavailableError(this.currentStatus === 'connecting' ? 'still connecting' : 'reconnecting');
  }

  // ---- permissions ------------------------------------------------------------------

  get permissions(): PermissionList {
    return this.permits.current;
  }

  setPermissions(list: PermissionList): void {
    this.permits.replace(list);
  }

  channelOf(serverId: string): string {
    return this.options.channelPrefix + serverId;
  }

  // ---- sending ----------------------------------------------------------------------

  handle(route: string, handler: Handler): this {
    this.handlers.set(route, handler);
    return this;
  }

  async publish(target: string, route: string, body: unknown, options?: PublishOptions): Promise<void> {
    this.assertUp();
    if (!this.permits.allows(target)) throw new ChannelNotPermittedError(target, this.permits.all());
    await this.send(target, this.envelopeTo(target, { t: 'msg', route, key: options?.key, body }));
  }

  async publishAll(type: ServerType, route: string, body: unknown, options?: PublishOptions): Promise<number> {
    this.assertUp();
    const ids = this.permits.idsOf(type);
    if (!ids) throw new ChannelNotPermittedError(`${type} (any)`, this.permits.all());
    await Promise.all(ids.map((id) => this.send(id, this.envelopeTo(id, { t: 'msg', route, key: options?.key, body }))));
    return ids.length;
  }

  async request<T = unknown>(target: string, route: string, body: unknown, options?: RequestOptions): Promise<T> {
    this.assertUp();
    if (!this.permits.allows(target)) throw new ChannelNotPermittedError(target, this.permits.all());
    const ttl = options?.timeoutMs ?? this.options.requestTimeoutMs;
    const { cid, reply } = this.pending.open(target, route, ttl);
    const channel = this.channelOf(target);
    const envelope: RequestEnvelope = { t: 'req', from: this.serverId, epoch: this.epoch, seq: this.sequencer.take(channel), cid, route, key: options?.key, body, ttl };
    // Not awaited: the reply (or the timeout) may come before the PUBLISH returns.
    this.sendThen(channel, envelope, (err) => {
      if (err) this.pending.reject(cid, err);
    });
    return reply as Promise<T>;
  }

  private envelopeTo(target: string, partial: Omit<MessageEnvelope, 'from' | 'epoch' | 'seq'>): MessageEnvelope {
    // Built field by field rather than spread: an object spread of varying shapes is a slow
    // (megamorphic) path in V8, and this runs for every message.
    return { t: 'msg', from: this.serverId, epoch: this.epoch, seq: this.sequencer.take(this.channelOf(target)), route: partial.route, key: partial.key, body: partial.body };
  }

  private send(target: string, envelope: Envelope): Promise<void> {
    return new Promise<void>((resolve, reject) => this.sendThen(this.channelOf(target), envelope, (err) => (err ? reject(err) : resolve())));
  }

  /** Queues the envelope for the next batch; `done` hears how it went (a bus error, or nothing). */
  private sendThen(channel: string, envelope: Envelope, done: (err?: MqError) => void): void {
    this.batcher.add(channel, envelope, (err) => {
      if (err === undefined) {
        this.counters.published += 1;
        done();
        return;
      }
      this.counters.publishFailures += 1;
      done(err instanceof MqError ? err : new BusUnavailableError((err as Error).message, { cause: err }));
    });
  }

  // ---- subscriptions ------------------------------------------------------------------

  subscribe(channel: string): Promise<void> {
    return this.subscribeRaw(channel);
  }
  unsubscribe(channel: string): Promise<void> {
    return this.unsubscribeRaw(channel);
  }
  psubscribe(pattern: string): Promise<void> {
    return this.psubscribeRaw(pattern);
  }
  punsubscribe(pattern: string): Promise<void> {
    return this.punsubscribeRaw(pattern);
  }

  // ---- liveness probes ------------------------------------------------------------------

  /**
   * Publishes a probe to the own channel and resolves true when it comes back within
   * `timeoutMs`: proof that both connections and the subscription work end to end.
   */
  protected probe(timeoutMs: number): Promise<boolean> {
    const nonce = this.nextProbe++;
    this.counters.probesSent += 1;
    const envelope: ProbeEnvelope = { t: 'probe', from: this.serverId, nonce };
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.probeWaiters.delete(nonce);
        this.counters.probeFailures += 1;
        resolve(false);
      }, timeoutMs);
      timer.unref();
      this.probeWaiters.set(nonce, () => {
        clearTimeout(timer);
        this.probeWaiters.delete(nonce);
        resolve(true);
      });
      // Straight to the transport: a probe must go out while the bus is not yet up.
      this.sendRaw(this.ownChannel, this.codec.encode(envelope)).catch(() => {
        // The timer decides; a failed PUBLISH simply never comes back.
      });
    });
  }

  // ---- receiving ----------------------------------------------------------------------

  /** Entry point for every payload the transport delivers; never throws. */
  protected receive(channel: string, payload: Buffer): void {
    this.counters.received += 1;
    const decoded = this.codec.decode(payload);
    if (!decoded.ok) {
      this.drop({ reason: decoded.reason, channel, detail: decoded.detail });
      return;
    }
    for (const envelope of decoded.envelopes) this.accept(channel, envelope);
  }

  private accept(channel: string, envelope: Envelope): void {
    if (envelope.t === 'probe') {
      if (envelope.from === this.serverId) this.probeWaiters.get(envelope.nonce)?.();
      return;
    }
    const gap = this.tracker.observe(channel, envelope.from, envelope.epoch, envelope.seq, Date.now());
    if (gap) {
      this.counters.gaps += 1;
      this.counters.missed += gap.missed;
      this.log.warn({ gap }, 'messages lost in transit');
      this.emit('gap', gap);
    }
    switch (envelope.t) {
      case 'res':
        this.onReply(channel, envelope);
        return;
      case 'msg':
      case 'req':
        if (!this.draining) this.dispatch(channel, envelope);
        return;
      default: {
        const never: never = envelope;
        return never;
      }
    }
  }

  private onReply(channel: string, envelope: ReplyEnvelope): void {
    const settled = envelope.ok
      ? this.pending.resolve(envelope.cid, envelope.body)
      : this.pending.reject(
          envelope.cid,
          new RemoteError(envelope.error?.code ?? 'INTERNAL', envelope.error?.message ?? 'remote error', envelope.from),
        );
    // A reply after its request timed out: nobody is waiting any more.
    if (!settled) this.drop({ reason: 'stale_reply', channel, detail: `cid ${envelope.cid} from ${envelope.from}` });
  }

  private dispatch(channel: string, envelope: MessageEnvelope | RequestEnvelope): void {
    const handler = this.handlers.get(envelope.route);
    if (!handler) {
      this.drop({ reason: 'no_handler', channel, detail: `route ${envelope.route} from ${envelope.from}` });
      if (envelope.t === 'req') this.reply(envelope, { code: 'NO_HANDLER', message: `no handler for ${envelope.route}` });
      return;
    }
    const ctx: MessageContext = {
      kind: envelope.t,
      from: envelope.from,
      epoch: envelope.epoch,
      route: envelope.route,
      key: envelope.key,
      channel,
      deadline: envelope.t === 'req' ? Date.now() + envelope.ttl : undefined,
    };
    const accepted = this.dispatcher.push(envelope.key, () => this.runHandler(handler, envelope, ctx));
    if (!accepted) {
      this.drop({ reason: 'overflow', channel, detail: `route ${envelope.route} key ${envelope.key ?? '-'}` });
      if (envelope.t === 'req') this.reply(envelope, { code: 'OVERLOADED', message: `${this.serverId} is overloaded; retry later` });
    }
  }

  private async runHandler(handler: Handler, envelope: MessageEnvelope | RequestEnvelope, ctx: MessageContext): Promise<void> {
    let result: unknown;
    try {
      result = await handler(envelope.body, ctx);
      this.counters.handled += 1;
    } catch (err) {
      this.counters.handlerErrors += 1;
      const exposed = err instanceof HandlerError || err instanceof RemoteError;
      if (!exposed) this.log.error({ err, route: envelope.route, from: envelope.from }, 'handler threw');
      if (envelope.t === 'req') {
        this.reply(
          envelope,
          exposed ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: `${this.serverId} failed to handle ${envelope.route}` },
        );
      }
      return;
    }
    if (envelope.t === 'req') this.reply(envelope, undefined, result);
  }

  /**
   * Replies go to the requester's own channel without a permission check: the
   * requester has just shown it exists, and its type may not be in our list.
   */
  private reply(request: RequestEnvelope, error: { code: string; message: string } | undefined, body?: unknown): void {
    if (this.currentStatus !== 'up') {
      this.log.debug({ route: request.route, to: request.from }, 'reply not sent: bus down');
      return;
    }
    const channel = this.channelOf(request.from);
    const origin = { from: this.serverId, epoch: this.epoch, seq: this.sequencer.take(channel) };
    const envelope: ReplyEnvelope = error
      ? { t: 'res', from: origin.from, epoch: origin.epoch, seq: origin.seq, cid: request.cid, ok: false, error }
      : { t: 'res', from: origin.from, epoch: origin.epoch, seq: origin.seq, cid: request.cid, ok: true, body };
    this.sendThen(channel, envelope, (err) => {
      if (err) this.log.warn({ err, to: request.from }, 'reply not sent');
    });
  }

  private drop(event: DroppedEvent): void {
    this.counters.dropped[event.reason] += 1;
    const level = event.reason === 'stale_reply' || event.reason === 'no_handler' ? 'debug' : 'warn';
    this.log[level]({ reason: event.reason, channel: event.channel, detail: event.detail }, 'message dropped');
    this.emit('dropped', event);
  }

  // ---- stats and shutdown -------------------------------------------------------------

  stats(): BusStats {
    return {
      ...this.counters,
      dropped: { ...this.counters.dropped },
      status: this.currentStatus,
      pendingRequests: this.pending.size,
      queued: this.dispatcher.size,
    };
  }

  /**
   * Graceful: stops taking new messages, lets running handlers finish (their replies
   * still go out) for up to `drainMs`, then fails what is left and closes connections.
   */
  close(options?: { drainMs?: number }): Promise<void> {
    this.closing ??= this.shutdown(options?.drainMs ?? 2_000);
    return this.closing;
  }

  private async shutdown(drainMs: number): Promise<void> {
    this.draining = true;
    await this.dispatcher.idle(drainMs);
    // Let the last replies' batch reach the transport before it closes.
    await new Promise((resolve) => setImmediate(resolve));
    this.setStatus('closed', 'close() called');
    clearInterval(this.pruneTimer);
    this.batcher.failAll(new BusClosedError());
    this.pending.rejectAll(() => new BusClosedError());
    await this.closeTransport();
    this.removeAllListeners();
  }
}
