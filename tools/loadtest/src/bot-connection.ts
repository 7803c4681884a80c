import { createNodeClient, HallwayClientError, type HallwayClient } from '@hallway/client/node';
import { io, type Socket } from 'socket.io-client';

/**
 * What a load bot talks through. `hallway` is the real client SDK against a gate;
 * `relay` is the same SDK against a minimal relay that speaks the same frames but has no
 * login (the bench's baseline); `socketio` sends the same `{id, route, body}` objects as
 * Socket.IO events (the bench's peer).
 */
export type SystemKind = 'hallway' | 'relay' | 'socketio';
export type WireFormat = 'json' | 'msgpack';

export interface BotConnection {
  request(route: string, body: unknown): Promise<unknown>;
  onPush(handler: (route: string, body: unknown) => void): void;
  /** hallway: `gate.login`; the others have no login and return a made-up id. */
  login(name: string): Promise<{ userId: string }>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  kind: SystemKind;
  url: string;
  format: WireFormat;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
}

export async function openBotConnection(options: ConnectOptions): Promise<BotConnection> {
  if (options.kind === 'socketio') return SocketIoConnection.open(options);
  const client = createNodeClient({
    url: options.url,
    format: options.format,
    requestTimeoutMs: options.requestTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  // A bad frame or a throwing push handler is counted by the caller, never rethrown.
  client.on('error', () => undefined);
  await client.connect();
  return new SdkConnection(client, options.kind === 'hallway');
}

/** The stable code of an error from any transport, for per-route error counts. */
export function errorCodeOf(err: unknown): string {
  if (err instanceof HallwayClientError) return err.code;
  if (err instanceof BotError) return err.code;
  return err instanceof Error ? err.name : 'UNKNOWN';
}

export class BotError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BotError';
  }
}

class SdkConnection implements BotConnection {
  private relayIds = 0;

  constructor(
    private readonly client: HallwayClient,
    private readonly hasLogin: boolean,
  ) {}

  request(route: string, body: unknown): Promise<unknown> {
    return this.client.request(route, body);
  }

  onPush(handler: (route: string, body: unknown) => void): void {
    this.client.onPush(handler);
  }

  async login(name: string): Promise<{ userId: string }> {
    if (!this.hasLogin) return { userId: `${name}-${++this.relayIds}` };
    const reply = await this.client.login({ name });
    return { userId: reply.userId };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

interface Waiter {
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The same frames as Socket.IO events: `m` carries `{id, route, body}` up and
 * `{id, ok, body}` / `{route, body}` down. WebSocket transport only (no long-polling
 * upgrade dance), as a game client would be configured.
 */
class SocketIoConnection implements BotConnection {
  private nextId = 0;
  private readonly waiters = new Map<number, Waiter>();
  private readonly pushHandlers: ((route: string, body: unknown) => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on('m', (frame: { id?: number; ok?: boolean; body?: unknown; route?: string; error?: { code: string; message: string } }) => {
      if (typeof frame.id === 'number') {
        const w = this.waiters.get(frame.id);
        if (!w) return;
        this.waiters.delete(frame.id);
        clearTimeout(w.timer);
        if (frame.ok) w.resolve(frame.body);
        else w.reject(new BotError(frame.error?.code ?? 'ERROR', frame.error?.message ?? 'error reply'));
        return;
      }
      if (typeof frame.route === 'string') for (const h of this.pushHandlers) h(frame.route, frame.body);
    });
    socket.on('disconnect', () => this.failAll(new BotError('CONNECTION_CLOSED', 'socket.io disconnected')));
  }

  static open(options: ConnectOptions): Promise<SocketIoConnection> {
    const socket = io(options.url, { transports: ['websocket'], reconnection: false, timeout: options.connectTimeoutMs, forceNew: true });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new SocketIoConnection(socket, options.requestTimeoutMs)));
      socket.once('connect_error', (err: Error) => {
        socket.close();
        reject(new BotError('CONNECT_FAILED', err.message));
      });
    });
  }

  request(route: string, body: unknown): Promise<unknown> {
    if (!this.socket.connected) return Promise.reject(new BotError('CONNECTION_CLOSED', 'not connected'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new BotError('CLIENT_TIMEOUT', `no reply to ${route} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiters.set(id, { resolve, reject, timer });
      this.socket.emit('m', { id, route, body });
    });
  }

  onPush(handler: (route: string, body: unknown) => void): void {
    this.pushHandlers.push(handler);
  }

  async login(name: string): Promise<{ userId: string }> {
    return { userId: `${name}-${this.socket.id ?? 'x'}` };
  }

  async close(): Promise<void> {
    this.failAll(new BotError('CONNECTION_CLOSED', 'closed by the bot'));
    this.socket.close();
  }

  private failAll(err: Error): void {
    for (const [id, w] of this.waiters) {
      clearTimeout(w.timer);
      this.waiters.delete(id);
      w.reject(err);
    }
  }
}
