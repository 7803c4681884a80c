import { LoginReplySchema, PushSchema, ReplySchema, type LoginReply } from '@hallway/protocol';
import type { ClientEventMap, LifecycleEvents } from './client-events.js';
import { ClientConfigError, ClientRequestError, ConnectError, ConnectionClosedError, HallwayClientError } from './errors.js';
import { decodeFrame, encodeFrame, type FrameFormat } from './frame-codec.js';
import { Listeners } from './listeners.js';
import { PendingRequests } from './pending-requests.js';
import { DEFAULT_RECONNECT_OPTIONS, NO_RECONNECT_CLOSE_CODES, reconnectDelay, type ReconnectOptions } from './reconnect-policy.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

export interface HallwayClientOptions {
  /** The gate's WebSocket URL, e.g. `ws://localhost:8000/`. */
  url: string;
  /** @default 'json' */
  format?: FrameFormat;
  /**
   * The WebSocket implementation. In Node 20 use `@hallway/client/node`, which passes
   * the `ws` package's.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /** @default 10000 */
  requestTimeoutMs?: number;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** @default { enabled: false, minDelayMs: 250, maxDelayMs: 10000, maxAttempts: Infinity } */
  reconnect?: ReconnectOptions;
}

export const DEFAULT_HALLWAY_CLIENT_OPTIONS = {
  format: 'json',
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
} as const satisfies Partial<HallwayClientOptions>;

export interface LoginOptions {
  name: string;
  /** HS256 JWT when the gate requires one; kept in memory to log in again after a reconnect. */
  token?: string;
  /** A resume token from an earlier login (e.g. kept in localStorage): come back as that user. */
  resume?: string;
}

export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

type PushHandler = (body: unknown, route: string) => void;

/**
 * A hallway client: one WebSocket to a gate, request/reply with ids, pushes by route,
 * optional automatic reconnect that logs in again with the resume token.
 */
export class HallwayClient {
  private readonly url: string;
  private readonly format: FrameFormat;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly reconnectOptions: Required<ReconnectOptions>;
  private readonly pending = new PendingRequests();
  private readonly listeners = new Listeners<[unknown, string]>((err, name) => this.reportError(err, { rethrow: true, from: name }));
  private socket: WebSocketLike | undefined;
  private currentState: ClientState = 'idle';
  private nextId = 0;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private userClosing = false;
  private credentials: LoginOptions | undefined;
  private lastLogin: LoginReply | undefined;
  private closeWaiters: (() => void)[] = [];

  constructor(options: HallwayClientOptions) {
    this.url = options.url;
    this.format = options.format ?? DEFAULT_HALLWAY_CLIENT_OPTIONS.format;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_HALLWAY_CLIENT_OPTIONS.requestTimeoutMs;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_HALLWAY_CLIENT_OPTIONS.connectTimeoutMs;
    this.reconnectOptions = { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect };
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) {
      throw new ClientConfigError(
        'no WebSocket implementation: pass `WebSocket` (e.g. from the "ws" package), or import from "@hallway/client/node".',
      );
    }
    this.WebSocketImpl = impl;
  }

  get state(): ClientState {
    return this.currentState;
  }

  /** The last successful login (user id, hall, resume token), or undefined. */
  get session(): LoginReply | undefined {
    return this.lastLogin;
  }

  /** The resume token of the last login: pass it to `login` later to come back as the same user. */
  get resumeToken(): string | undefined {
    return this.lastLogin?.resume;
  }

  /** Opens the connection; resolves once it is open. Rejects with `ConnectError`. */
  connect(): Promise<void> {
    if (this.currentState === 'open') return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.userClosing = false;
    this.currentState = 'connecting';
    this.connecting = this.openSocket().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * Sends a request and resolves with the reply body. Rejects with `ClientRequestError`
   * (an error reply; `.code` is the server's), `ClientTimeoutError` or `ConnectionClosedError`.
   */
  request<T = unknown>(route: string, body?: unknown, options?: { timeoutMs?: number }): Promise<T> {
    if (this.currentState !== 'open') {
      return Promise.reject(new ConnectionClosedError(undefined, `the client is ${this.currentState}`));
    }
    return this.send<T>(route, body, options?.timeoutMs);
  }

  /** `gate.login`; remembers name, token and the resume token for automatic reconnects. */
  async login(options: LoginOptions): Promise<LoginReply> {
    if (this.currentState !== 'open') throw new ConnectionClosedError(undefined, `the client is ${this.currentState}`);
    const reply = await this.loginOn(options);
    this.credentials = { name: options.name, token: options.token };
    return reply;
  }

  /** `gate.logout`: the gate closes the connection with 1000 and the client does not reconnect. */
  async logout(): Promise<void> {
    this.userClosing = true;
    this.credentials = undefined;
    const closed = this.whenClosed();
    try {
      await this.request('gate.logout', {});
    } catch (err) {
      if (!(err instanceof ConnectionClosedError)) {
        this.userClosing = false;
        throw err;
      }
    }
    await closed;
  }

  /** Round trip to the gate (`gate.ping`), in milliseconds. */
  async ping(): Promise<number> {
    const t = Date.now();
    await this.request('gate.ping', { t });
    return Date.now() - t;
  }

  /** `hall.echo`: the body back from the bound hall. */
  echo<T>(body: T): Promise<T> {
    return this.request<T>('hall.echo', body);
  }

  /** `hall.chat`: lobby chat to every player in the lobby. */
  async chat(text: string): Promise<void> {
    await this.request('hall.chat', { text });
  }

  /** `hall.whisper`: rejects with code `USER_OFFLINE` when `to` is not connected. */
  async whisper(to: string, text: string): Promise<void> {
    await this.request('hall.whisper', { to, text });
  }

  /** Adds a handler for a push route (e.g. `hall.chat`) or a lifecycle event (`close`, `reconnected`, …). */
  on<K extends keyof ClientEventMap>(name: K, handler: (body: ClientEventMap[K], name: K) => void): this;
  on(route: string, handler: PushHandler): this;
  on(name: string, handler: PushHandler): this {
    this.listeners.add(name, handler);
    return this;
  }

  off<K extends keyof ClientEventMap>(name: K, handler: (body: ClientEventMap[K], name: K) => void): this;
  off(route: string, handler: PushHandler): this;
  off(name: string, handler: PushHandler): this {
    this.listeners.remove(name, handler);
    return this;
  }

  /** Every push, whatever its route. */
  onPush(handler: (route: string, body: unknown) => void): () => void {
    const wrapped: PushHandler = (body, route) => handler(route, body);
    this.listeners.add('*', wrapped);
    return () => this.listeners.remove('*', wrapped);
  }

  /** Shorthand for `on('close', …)`; returns a function that removes the handler. */
  onClose(handler: (info: LifecycleEvents['close']) => void): () => void {
    const wrapped = handler as PushHandler;
    this.listeners.add('close', wrapped);
    return () => this.listeners.remove('close', wrapped);
  }

  /**
   * Closes the connection for good (no reconnect): pending requests are rejected with
   * `ConnectionClosedError`, timers are cleared. Resolves once the socket has closed.
   */
  close(code = 1000, reason = ''): Promise<void> {
    this.userClosing = true;
    this.clearReconnectTimer();
    this.pending.rejectAll(() => new ConnectionClosedError(code, 'closed by the client'));
    const socket = this.socket;
    if (!socket) {
      this.finishClosed();
      return Promise.resolve();
    }
    const closed = this.whenClosed();
    socket.close(code, reason);
    return closed;
  }

  // ---- internals ---------------------------------------------------------------------

  private send<T>(route: string, body: unknown, timeoutMs = this.requestTimeoutMs): Promise<T> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) {
      return Promise.reject(new ConnectionClosedError(undefined, 'the socket is not open'));
    }
    this.nextId += 1;
    const id = this.nextId;
    let data: string | Uint8Array;
    try {
      data = encodeFrame(body === undefined ? { id, route } : { id, route, body }, this.format);
    } catch (err) {
      return Promise.reject(new HallwayClientError('ENCODE_FAILED', `cannot encode the body of "${route}"`, { cause: err }));
    }
    const reply = this.pending.open(id, route, timeoutMs);
    socket.send(data);
    return reply as Promise<T>;
  }

  private async loginOn(options: LoginOptions): Promise<LoginReply> {
    const body = { name: options.name, token: options.token, resume: options.resume };
    const reply = await this.send('gate.login', body);
    const parsed = LoginReplySchema.safeParse(reply);
    if (!parsed.success) throw new HallwayClientError('BAD_REPLY', `unexpected gate.login reply: ${parsed.error.message}`);
    this.lastLogin = parsed.data;
    return parsed.data;
  }

  /** Opens a socket and resolves when it is open; rejects when it closes (or times out) first. */
  private openSocket(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new this.WebSocketImpl(this.url) as WebSocketLike;
      } catch (err) {
        reject(new ConnectError(this.url, (err as Error).message, { cause: err }));
        return;
      }
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new ConnectError(this.url, `not open within ${this.connectTimeoutMs} ms`));
        socket.close();
      }, this.connectTimeoutMs);
      socket.addEventListener('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.currentState === 'connecting') this.currentState = 'open';
        resolve();
      });
      socket.addEventListener('message', (event) => {
        if (socket === this.socket) this.onMessage(event.data);
      });
      // Every failure is followed by a close event; that is where it is handled.
      socket.addEventListener('error', () => {});
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        if (!settled) {
          settled = true;
          reject(new ConnectError(this.url, `closed with ${event.code}${event.reason ? ` (${event.reason})` : ''}`));
        }
        if (socket === this.socket) this.onSocketClose(event.code, event.reason);
      });
    });
  }

  private onMessage(data: unknown): void {
    let frame: unknown;
    try {
      frame = decodeFrame(data);
    } catch (err) {
      this.reportError(new HallwayClientError('BAD_FRAME', 'undecodable frame from the server', { cause: err }));
      return;
    }
    if (typeof frame === 'object' && frame !== null && 'id' in frame) {
      const reply = ReplySchema.safeParse(frame);
      if (!reply.success) {
        this.reportError(new HallwayClientError('BAD_FRAME', `malformed reply: ${reply.error.message}`));
        return;
      }
      const r = reply.data;
      if (r.ok) this.pending.resolve(r.id, r.body);
      else this.pending.reject(r.id, new ClientRequestError(String(r.error.code), r.error.message, this.pending.routeOf(r.id) ?? '?', r.id));
      return;
    }
    const push = PushSchema.safeParse(frame);
    if (!push.success) {
      this.reportError(new HallwayClientError('BAD_FRAME', `malformed push: ${push.error.message}`));
      return;
    }
    this.listeners.emit(push.data.route, push.data.body, push.data.route);
    this.listeners.emit('*', push.data.body, push.data.route);
  }

  private onSocketClose(code: number, reason: string): void {
    this.socket = undefined;
    this.pending.rejectAll(() => new ConnectionClosedError(code, reason));
    const wasOpen = this.currentState === 'open';
    if (this.currentState === 'connecting') {
      // The first connect failed: connect() rejects; no automatic retry.
      this.finishClosed();
      return;
    }
    const canRetry = this.attempt + 1 < this.reconnectOptions.maxAttempts || wasOpen;
    const willReconnect = !this.userClosing && this.reconnectOptions.enabled && !NO_RECONNECT_CLOSE_CODES.has(code) && canRetry;
    if (wasOpen) this.emit('close', { code, reason, willReconnect });
    if (willReconnect) {
      this.scheduleReconnect(wasOpen ? 0 : this.attempt + 1);
      return;
    }
    if (this.currentState === 'reconnecting' && !this.userClosing) {
      this.emit('reconnectFailed', { error: new ConnectionClosedError(code, `gave up after ${this.attempt + 1} attempts`) });
    }
    this.finishClosed();
  }

  private scheduleReconnect(attempt: number): void {
    this.currentState = 'reconnecting';
    this.attempt = attempt;
    const delayMs = reconnectDelay(this.reconnectOptions, attempt);
    this.emit('reconnecting', { attempt: attempt + 1, delayMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnectNow();
    }, delayMs);
  }

  private async reconnectNow(): Promise<void> {
    try {
      await this.openSocket();
    } catch {
      return; // the close handler schedules the next attempt
    }
    let login: LoginReply | undefined;
    if (this.credentials) {
      try {
        login = await this.loginOn({ ...this.credentials, resume: this.lastLogin?.resume });
      } catch (err) {
        if (err instanceof ClientRequestError) {
          // Refused (e.g. the token expired): retrying cannot help.
          this.emit('reconnectFailed', { error: err });
          await this.close(1000, 'login refused after reconnect');
        }
        return; // otherwise the socket closed: the close handler retries
      }
    }
    if (this.userClosing || !this.socket) return;
    this.currentState = 'open';
    this.attempt = 0;
    this.emit('reconnected', { login });
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private finishClosed(): void {
    this.currentState = 'closed';
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const w of waiters) w();
  }

  private whenClosed(): Promise<void> {
    if (this.currentState === 'closed' || this.currentState === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  private emit<K extends keyof LifecycleEvents>(name: K, body: LifecycleEvents[K]): void {
    this.listeners.emit(name, body, name);
  }

  /**
   * To `error` listeners. A handler's own error with no `error` listener (or thrown by
   * one) is rethrown outside the client, as the platform reports uncaught errors; a bad
   * frame from the server with no listener is dropped (it must not crash the app).
   */
  private reportError(error: unknown, options: { rethrow: boolean; from?: string } = { rethrow: false }): void {
    if (options.from !== 'error' && this.listeners.count('error') > 0) {
      this.listeners.emit('error', { error }, 'error');
      return;
    }
    if (!options.rethrow) return;
    queueMicrotask(() => {
      throw error;
    });
  }
}
