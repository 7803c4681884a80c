import type { GateBind } from '@hallway/protocol';
import { CloseCode, type ClientRequest } from '@hallway/protocol';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { routeRequest, targetOf } from './client-router.js';
import { RouteError } from './errors.js';
import { decodeClientFrame, encodeServerFrame, PreparedFrame, type FrameKind } from './frame-codec.js';
import { GATE_LIMITS } from './gate-config.js';
import { announceDisconnected, type GateContext } from './gate-context.js';
import { RateLimiter } from './rate-limiter.js';
import type { Session } from './session-table.js';

type State = 'new' | 'loggingIn' | 'loggedIn' | 'closed';

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function shortReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : Buffer.from(reason).subarray(0, 120).toString('utf8');
}

/** Codes a server may send in a close frame (1005/1006/1015 are reserved for "none"/"abnormal"). */
function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/**
 * One client socket: decodes each frame (JSON or msgpack), enforces the limits, runs
 * the request and answers in the kind of frame it was asked in. Nothing a client sends
 * can throw out of here or affect another connection.
 */
export class Connection {
  readonly log: Logger;
  private state: State = 'new';
  /** Kind of the last valid request: pushes go out in it. */
  private lastKind: FrameKind = 'json';
  private badInRow = 0;
  private alive = true;
  private closing = false;
  /** The code recorded for this close (ours, or the client's). */
  private closeCode: number | undefined;
  private readonly limiter: RateLimiter;
  private loginTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  /** Pushes that arrive while the login is in flight go out after its reply. */
  private held: PreparedFrame[] = [];
  private heldBind: GateBind | undefined;
  private afterReply: { code: number; reason: string } | undefined;
  private resolveClosed!: () => void;
  /** Resolves once the socket has closed. */
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(
    private readonly ctx: GateContext,
    private readonly ws: WebSocket,
    readonly connId: string,
    remote: string,
  ) {
    this.log = ctx.log.child({ component: 'conn', connId, remote });
    this.limiter = new RateLimiter({
      ratePerSec: ctx.config.rateLimitPerSec,
      burst: ctx.config.rateLimitBurst,
      floodFactor: GATE_LIMITS.floodFactor,
    });
    this.loginTimer = setTimeout(() => {
      if (this.state !== 'loggedIn') this.close(CloseCode.LOGIN_TIMEOUT, 'login timeout');
    }, ctx.config.loginTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary ? 'msgpack' : 'json'));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself after a protocol error (1009 for an oversized frame, 1007 for bad UTF-8, …).
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.closeCode ??= CloseCode.MESSAGE_TOO_BIG;
      this.log.debug({ err }, 'socket error');
    });
    ws.on('close', (code: number) => this.onClose(code));
  }

  get isLoggedIn(): boolean {
    return this.state === 'loggedIn';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  get session(): Session | undefined {
    return this.ctx.sessions.get(this.connId);
  }

  // ---- login ------------------------------------------------------------------------

  /** False when this connection is logged in or logging in already. */
  beginLogin(): boolean {
    if (this.state !== 'new') return false;
    this.state = 'loggingIn';
    return true;
  }

  completeLogin(session: Session): void {
    if (this.state !== 'loggingIn') return;
    this.state = 'loggedIn';
    clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
    this.ctx.sessions.add(session);
    if (this.heldBind) this.applyBind(this.heldBind);
    this.heldBind = undefined;
    this.ctx.countsChanged();
  }

  abortLogin(): void {
    if (this.state !== 'loggingIn') return;
    this.state = 'new';
    this.held = [];
    this.heldBind = undefined;
  }

  /** Closes with `code` right after the reply to the current request has been sent (gate.logout). */
  closeAfterReply(code: number, reason: string): void {
    this.afterReply = { code, reason };
  }

  // ---- from the bus ---------------------------------------------------------------------

  /** A push for this player (gate.push / gate.broadcast / gate.bind); held while logging in. */
  deliver(frame: PreparedFrame): void {
    switch (this.state) {
      case 'loggedIn':
        this.sendPrepared(frame);
        return;
      case 'loggingIn':
        if (this.held.length < GATE_LIMITS.maxQueuedDuringLogin) this.held.push(frame);
        return;
      case 'new':
      case 'closed':
        return; // not a player (yet / any more)
      default: {
        const never: never = this.state;
        return never;
      }
    }
  }

  /** gate.bind: which game server serves this connection's `game.*` routes now. */
  bind(bind: GateBind): void {
    if (this.state === 'loggingIn') {
      // The hall rebinds during the login (a rejoin): apply it once the session exists.
      this.heldBind = bind;
      return;
    }
    if (this.state === 'loggedIn') this.applyBind(bind);
  }

  private applyBind(bind: GateBind): void {
    const session = this.ctx.sessions.get(this.connId);
    if (!session || session.userId !== bind.userId) {
      this.log.debug({ userId: bind.userId }, 'gate.bind for another user ignored');
      return;
    }
    this.ctx.sessions.bindGame(this.connId, bind.game, bind.roomId);
    if (bind.push) this.deliver(new PreparedFrame({ route: bind.push.route, body: bind.push.body }));
  }

  /** gate.kick: tell the client why, then close with the given code. */
  kick(code: number, reason: string): void {
    // A code that cannot go in a close frame becomes 1008 (policy violation).
    const closeCode = isSendableCloseCode(code) ? code : 1008;
    this.sendPrepared(new PreparedFrame({ route: 'gate.kicked', body: { code: closeCode, reason } }));
    this.close(closeCode, reason);
  }

  // ---- liveness ---------------------------------------------------------------------------

  /** Called every PING_INTERVAL_MS: no pong since the last ping means the peer is gone. */
  heartbeat(): void {
    if (this.closing || this.state === 'closed') return;
    if (!this.alive) {
      this.terminate(CloseCode.PING_TIMEOUT, 'no pong within the ping interval');
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  // ---- closing ---------------------------------------------------------------------------

  /** Sends a close frame; a peer that does not answer within the grace period is cut off. */
  close(code: number, reason: string): void {
    if (this.closing || this.state === 'closed') return;
    this.closing = true;
    this.closeCode = code;
    this.log.debug({ code, reason }, 'closing');
    this.ws.close(code, shortReason(reason));
    this.closeTimer = setTimeout(() => this.ws.terminate(), GATE_LIMITS.closeGraceMs);
  }

  /** Destroys the socket at once (the peer is dead or not reading); `code` is what is recorded. */
  terminate(code: number, why: string): void {
    if (this.state === 'closed') return;
    this.closing = true;
    this.closeCode = code;
    this.log.info({ code, why }, 'terminating connection');
    this.ws.terminate();
  }

  private onClose(peerCode: number): void {
    this.state = 'closed';
    clearTimeout(this.loginTimer);
    clearTimeout(this.closeTimer);
    this.held = [];
    const code = this.closeCode ?? peerCode;
    this.ctx.connections.delete(this.connId);
    const session = this.ctx.sessions.delete(this.connId);
    this.ctx.metrics.closed(code);
    this.log.debug({ code, userId: session?.userId }, 'connection closed');
    if (session) void announceDisconnected(this.ctx, session);
    this.ctx.countsChanged();
    this.resolveClosed();
  }

  // ---- client frames -------------------------------------------------------------------------

  private onFrame(data: Buffer, kind: FrameKind): void {
    if (this.closing || this.state === 'closed') return;
    this.alive = true;
    const decision = this.limiter.take();
    if (decision === 'flood') {
      this.ctx.metrics.messageIn(kind, 'limited');
      this.close(CloseCode.RATE_LIMITED, 'rate limit exceeded repeatedly');
      return;
    }
    const decoded = decodeClientFrame(data, kind, GATE_LIMITS.maxFrameDepth);
    if (decision === 'limited') {
      this.ctx.metrics.messageIn(kind, 'limited');
      const message = `more than ${this.ctx.config.rateLimitPerSec} messages per second; slow down`;
      this.sendError(decoded.ok ? decoded.request.id : decoded.id, 'RATE_LIMITED', message, kind);
      return;
    }
    if (!decoded.ok) {
      this.ctx.metrics.messageIn(kind, 'bad');
      this.badInRow += 1;
      if (this.badInRow >= GATE_LIMITS.maxBadFramesInRow) {
        this.close(CloseCode.PROTOCOL_ERROR, `${GATE_LIMITS.maxBadFramesInRow} malformed frames in a row`);
        return;
      }
      this.sendError(decoded.id, 'BAD_FRAME', decoded.message, kind);
      return;
    }
    this.badInRow = 0;
    this.lastKind = kind;
    this.ctx.metrics.messageIn(kind, targetOf(decoded.request.route));
    void this.run(decoded.request, kind);
  }

  private async run(request: ClientRequest, kind: FrameKind): Promise<void> {
    try {
      const body = await routeRequest(this.ctx, this, request);
      this.send(encodeServerFrame({ id: request.id, ok: true, body }, kind), kind, 'reply');
    } catch (err) {
      if (err instanceof RouteError) {
        this.sendError(request.id, err.code, err.message, kind);
      } else {
        this.log.error({ err, route: request.route }, 'request failed');
        this.sendError(request.id, 'INTERNAL', 'internal error; it has been logged', kind);
      }
    }
    if (this.state === 'loggedIn' && this.held.length > 0) {
      const held = this.held;
      this.held = [];
      for (const frame of held) this.sendPrepared(frame);
    }
    if (this.afterReply) this.close(this.afterReply.code, this.afterReply.reason);
  }

  // ---- sending ---------------------------------------------------------------------------------

  /** An error reply when the request id is known, else a `gate.error` push. */
  private sendError(id: number | undefined, code: string, message: string, kind: FrameKind): void {
    this.ctx.metrics.error(code);
    if (id === undefined) this.send(encodeServerFrame({ route: 'gate.error', body: { code, message } }, kind), kind, 'push');
    else this.send(encodeServerFrame({ id, ok: false, error: { code, message } }, kind), kind, 'reply');
  }

  private sendPrepared(frame: PreparedFrame): void {
    this.send(frame.encoded(this.lastKind), this.lastKind, 'push');
  }

  private send(data: string | Buffer, kind: FrameKind, what: 'reply' | 'push'): void {
    if (this.state === 'closed' || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(data);
    this.ctx.metrics.messageOut(kind, what);
    // The client is not reading: drop it rather than buffer without bound.
    if (this.ws.bufferedAmount > this.ctx.config.maxBufferedBytes) {
      this.terminate(CloseCode.SLOW_CONSUMER, `outbound buffer over ${this.ctx.config.maxBufferedBytes} bytes`);
    }
  }
}
