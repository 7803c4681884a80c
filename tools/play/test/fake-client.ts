import { ClientRequestError, ConnectError, ConnectionClosedError, type ClientState, type CloseInfo, type LifecycleEvents } from '@hallway/client';
import type { LoginReply } from '@hallway/protocol';
import type { PlayClient } from '../src/play.js';
import { login } from './fixtures.js';

type Handler = (body: unknown, name: string) => void;
type Answer = (body: unknown) => unknown;

/**
 * A stand-in for `HallwayClient` in play.ts's unit tests: records requests, answers them
 * from `answers` (a thrown `ClientRequestError` is an error reply), and lets the test
 * push and emit lifecycle events. The end-to-end test uses the real client.
 */
export class FakeClient implements PlayClient {
  state: ClientState = 'idle';
  readonly requests: { route: string; body: unknown }[] = [];
  readonly answers = new Map<string, Answer>();
  loginReply: LoginReply = login();
  failConnect = false;
  /** Logins to answer by dropping the connection (as a gate dying mid-login does). */
  dropLogins = 0;
  loggedOut = false;
  private readonly handlers = new Map<string, Set<Handler>>();

  async connect(): Promise<void> {
    if (this.failConnect) throw new ConnectError('ws://gate:8000', 'connection refused');
    this.state = 'open';
  }

  async login(options: { name: string }): Promise<LoginReply> {
    this.requests.push({ route: 'gate.login', body: options });
    if (this.dropLogins > 0) {
      this.dropLogins -= 1;
      this.state = 'reconnecting';
      throw new ConnectionClosedError(1006, '');
    }
    return this.loginReply;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    this.state = 'closed';
  }

  async close(): Promise<void> {
    this.state = 'closed';
  }

  async request<T = unknown>(route: string, body?: unknown): Promise<T> {
    if (this.state !== 'open') throw new ConnectionClosedError(undefined, `the client is ${this.state}`);
    this.requests.push({ route, body });
    const answer = this.answers.get(route);
    return (answer ? answer(body) : {}) as T;
  }

  async whisper(to: string, text: string): Promise<void> {
    await this.request('hall.whisper', { to, text });
  }

  on<K extends keyof LifecycleEvents>(name: K, handler: (body: LifecycleEvents[K]) => void): this {
    this.add(name, handler as Handler);
    return this;
  }

  off<K extends keyof LifecycleEvents>(name: K, handler: (body: LifecycleEvents[K]) => void): this {
    this.handlers.get(name)?.delete(handler as Handler);
    return this;
  }

  onPush(handler: (route: string, body: unknown) => void): () => void {
    const wrapped: Handler = (body, route) => handler(route, body);
    this.add('*', wrapped);
    return () => this.handlers.get('*')?.delete(wrapped);
  }

  onClose(handler: (info: CloseInfo) => void): () => void {
    this.on('close', handler);
    return () => this.off('close', handler);
  }

  private add(name: string, handler: Handler): void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler);
  }

  /** A push from the server. */
  push(route: string, body: unknown): void {
    for (const h of this.handlers.get(route) ?? []) h(body, route);
    for (const h of this.handlers.get('*') ?? []) h(body, route);
  }

  /** A lifecycle event (`close`, `reconnecting`, `reconnected`, …). */
  emit(name: string, body: unknown): void {
    for (const h of this.handlers.get(name) ?? []) h(body, name);
  }

  /** Handlers still registered: play.ts must remove all of its own when it ends. */
  get handlerCount(): number {
    return [...this.handlers.values()].reduce((n, set) => n + set.size, 0);
  }

  /** Makes `route` answer with an error reply. */
  refuse(route: string, code: string, message: string): void {
    this.answers.set(route, () => {
      throw new ClientRequestError(code, message, route, 1);
    });
  }
}
