import { MemoryBus, type Bus, type MemoryBroker, type PermissionList } from '@hallway/mq';
import {
  busRouteForClient,
  GateBindSchema,
  GateBroadcastSchema,
  GateKickSchema,
  GatePushSchema,
  InternalRoute,
  type GateBind,
  type GateKick,
  type HallLoginReply,
  type SessionRef,
} from '@hallway/protocol';

export interface Frame {
  route: string;
  body: unknown;
}

interface Connection {
  session: SessionRef;
  hall: string | undefined;
  game: string | null;
  roomId: string | null;
  inbox: Frame[];
}

/**
 * A stand-in for a gate in tests: a bus with the gate's id whose handlers apply
 * `gate.bind` and deliver `gate.push`/`gate.broadcast` into per-connection inboxes,
 * and that forwards client requests the way the real gate does (`hall.*` to the hall,
 * `game.*` to the bound game server, keyed by user / room).
 */
export class FakeGate {
  readonly bus: Bus;
  readonly binds: GateBind[] = [];
  readonly kicks: GateKick[] = [];
  private readonly connections = new Map<string, Connection>();
  private nextConn = 0;

  constructor(
    readonly id: string,
    options: { broker: MemoryBroker; permissions: PermissionList } | { bus: Bus },
  ) {
    this.bus = 'bus' in options ? options.bus : new MemoryBus({ serverId: id, broker: options.broker, permissions: options.permissions });
    this.bus.handle(InternalRoute.gatePush, (raw) => {
      const push = GatePushSchema.parse(raw);
      for (const connId of push.connIds) this.connections.get(connId)?.inbox.push({ route: push.route, body: push.body });
    });
    this.bus.handle(InternalRoute.gateBroadcast, (raw) => {
      const b = GateBroadcastSchema.parse(raw);
      for (const c of this.connections.values()) if (b.scope === 'all' || c.game === null) c.inbox.push({ route: b.route, body: b.body });
    });
    this.bus.handle(InternalRoute.gateBind, (raw) => {
      const bind = GateBindSchema.parse(raw);
      this.binds.push(bind);
      const c = this.connections.get(bind.connId);
      if (!c) return;
      c.game = bind.game;
      c.roomId = bind.roomId;
      if (bind.push) c.inbox.push(bind.push);
    });
    this.bus.handle(InternalRoute.gateKick, (raw) => {
      const kick = GateKickSchema.parse(raw);
      this.kicks.push(kick);
      this.connections.delete(kick.connId);
    });
  }

  start(): Promise<void> {
    return this.bus.start();
  }

  close(): Promise<void> {
    return this.bus.close({ drainMs: 100 });
  }

  /** A connection with a session but no login (for tests that drive a game server directly). */
  attach(userId: string, name = userId): SessionRef {
    const session: SessionRef = { gate: this.id, connId: `c${++this.nextConn}`, userId, name };
    this.connections.set(session.connId, { session, hall: undefined, game: null, roomId: null, inbox: [] });
    return session;
  }

  /** Logs a new connection in through `hall` (`hall.login`), as the gate does. */
  async login(hall: string, name: string, extra: { resume?: string; userId?: string } = {}): Promise<{ session: SessionRef; reply: HallLoginReply }> {
    const connId = `c${++this.nextConn}`;
    const pending: Connection = { session: { gate: this.id, connId, userId: '?', name }, hall, game: null, roomId: null, inbox: [] };
    // Registered before the reply: a rejoin binds the connection while the login is in flight.
    this.connections.set(connId, pending);
    try {
      const reply = await this.bus.request<HallLoginReply>(hall, InternalRoute.hallLogin, { gate: this.id, connId, name, ...extra });
      pending.session = { ...pending.session, userId: reply.userId, name: reply.name };
      return { session: pending.session, reply };
    } catch (err) {
      this.connections.delete(connId);
      throw err;
    }
  }

  /** Forwards a client request: `hall.*` to the connection's hall, `game.*` to its bound game server. */
  async send<T = unknown>(session: SessionRef, route: string, body: unknown = {}): Promise<T> {
    const c = this.connections.get(session.connId);
    if (!c) throw new Error(`connection ${session.connId} is closed`);
    const forwarded = { session: c.session, body };
    if (route.startsWith('hall.')) {
      if (!c.hall) throw new Error('not logged in through a hall');
      return this.bus.request<T>(c.hall, busRouteForClient(route), forwarded, { key: c.session.userId });
    }
    if (!c.game || !c.roomId) throw Object.assign(new Error('not bound to a game'), { code: 'NOT_BOUND' });
    return this.bus.request<T>(c.game, busRouteForClient(route), forwarded, { key: c.roomId });
  }

  /** The connection closed: tell its hall (`hall.disconnected`). */
  async disconnect(session: SessionRef): Promise<void> {
    const c = this.connections.get(session.connId);
    this.connections.delete(session.connId);
    if (c?.hall) await this.bus.publish(c.hall, InternalRoute.hallDisconnected, c.session);
  }

  isOpen(session: SessionRef): boolean {
    return this.connections.has(session.connId);
  }

  binding(session: SessionRef): { game: string | null; roomId: string | null } | undefined {
    const c = this.connections.get(session.connId);
    return c && { game: c.game, roomId: c.roomId };
  }

  /** Frames pushed to the connection, optionally of one route. */
  inbox(session: SessionRef, route?: string): Frame[] {
    const frames = this.connections.get(session.connId)?.inbox ?? [];
    return route === undefined ? [...frames] : frames.filter((f) => f.route === route);
  }

  /** Waits until the connection has a frame of `route` matching `match`; returns the latest such frame's body. */
  async next<T = unknown>(session: SessionRef, route: string, match: (body: T) => boolean = () => true, timeoutMs = 2_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.inbox(session, route)
        .map((f) => f.body as T)
        .filter(match)
        .at(-1);
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`no ${route} push for ${session.connId} within ${timeoutMs} ms; got ${JSON.stringify(this.inbox(session))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
