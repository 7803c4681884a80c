import { once } from 'node:events';
import { createNodeClient, type HallwayClient, type HallwayClientOptions } from '@hallway/client/node';
import { HandlerError, MemoryBroker, MemoryBus, type MessageContext } from '@hallway/mq';
import { ForwardedSchema, HallLoginSchema, SessionRefSchema, type HallLogin, type HallLoginReply, type ServerInfo, type SessionRef } from '@hallway/protocol';
import { createManualRuntime, type ManualRuntime } from '@hallway/runtime';
import { MemoryStore } from '@hallway/store';
import { Packr } from 'msgpackr';
import { pino } from 'pino';
import { WebSocket, type ClientOptions } from 'ws';
import { createGate, type Gate } from '../src/gate.js';
import type { GateConfig } from '../src/gate-config.js';

/** Silent unless HALLWAY_TEST_LOG is set (e.g. HALLWAY_TEST_LOG=debug). */
export const testLogger = pino({ level: process.env.HALLWAY_TEST_LOG ?? 'silent' });

export const GATE_ID = 'gate001';

/**
 * A stand-in hall or game server: a MemoryBus with handlers for `hall.login` and a few
 * `client.*` routes, recording what it was sent.
 */
export interface FakeServer {
  id: string;
  type: 'hall' | 'game';
  bus: MemoryBus;
  logins: HallLogin[];
  disconnected: SessionRef[];
  /** Forwarded requests: route, the session the gate attached and the ordering key. */
  forwarded: { route: string; session: SessionRef; key: string | undefined }[];
  /** Set to put the next logged-in player into this room (a rejoin). */
  rejoin: HallLoginReply['room'];
  /** Set to bind the next player to a game and push to it while its login is still in flight. */
  duringLogin: { game: string; roomId: string; route: string; body: unknown } | undefined;
  /** Delays every login reply (to change the cluster while a login is in flight). */
  loginDelayMs: number;
}

export async function startFakeServer(broker: MemoryBroker, id: string, type: 'hall' | 'game'): Promise<FakeServer> {
  const bus = new MemoryBus({ serverId: id, broker, logger: testLogger, permissions: { gate: [GATE_ID] } });
  await bus.start();
  const server: FakeServer = { id, type, bus, logins: [], disconnected: [], forwarded: [], rejoin: undefined, duringLogin: undefined, loginDelayMs: 0 };
  let guests = 0;
  const record = (route: string, body: unknown, ctx: MessageContext) => {
    const fwd = ForwardedSchema.parse(body);
    server.forwarded.push({ route, session: fwd.session, key: ctx.key });
    return fwd;
  };
  bus.handle('hall.login', async (body): Promise<HallLoginReply> => {
    const login = HallLoginSchema.parse(body);
    server.logins.push(login);
    guests += 1;
    const userId = login.userId ?? (login.resume ? login.resume.slice(2) : `g-${id}-${guests}`);
    if (server.loginDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.loginDelayMs));
    const during = server.duringLogin;
    server.duringLogin = undefined;
    if (during) {
      const { game, roomId, route, body: pushBody } = during;
      await bus.publish(GATE_ID, 'gate.bind', { connId: login.connId, userId, game, roomId });
      await bus.publish(GATE_ID, 'gate.push', { connIds: [login.connId], route, body: pushBody });
    }
    const reply: HallLoginReply = { userId, name: login.name, hall: id, resume: `r-${userId}` };
    if (server.rejoin) reply.room = server.rejoin;
    server.rejoin = undefined;
    return reply;
  });
  bus.handle('hall.disconnected', (body) => {
    server.disconnected.push(SessionRefSchema.parse(body));
  });
  bus.handle(`client.${type}.echo`, (body, ctx) => record(`${type}.echo`, body, ctx).body);
  bus.handle(`client.${type}.whoami`, (body, ctx) => {
    const fwd = record(`${type}.whoami`, body, ctx);
    return { server: id, userId: fwd.session.userId, key: ctx.key };
  });
  bus.handle(`client.${type}.fail`, () => {
    throw new HandlerError('ROOM_FULL', 'the room is full');
  });
  bus.handle(`client.${type}.slow`, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return {};
  });
  return server;
}

export interface Harness {
  broker: MemoryBroker;
  runtime: ManualRuntime;
  gate: Gate;
  url: string;
  port: number;
  servers: Map<string, FakeServer>;
  server(id: string): FakeServer;
  /** Replaces the cluster view the gate sees (as the observer would). */
  setCluster(ids: string[]): void;
  /** A connected client (closed at teardown). */
  client(options?: Partial<HallwayClientOptions>): Promise<HallwayClient>;
  /** A raw `ws` socket (closed at teardown). */
  raw(options?: ClientOptions): Promise<RawSocket>;
  /** Publishes from a fake server to the gate. */
  publish(from: string, route: string, body: unknown): Promise<void>;
  closeCodes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A gate on port 0 with a manual runtime, fake halls/games on one MemoryBroker, nothing else. */
export async function startHarness(options: { config?: GateConfig; servers?: string[] } = {}): Promise<Harness> {
  const broker = new MemoryBroker();
  const gateBus = new MemoryBus({ serverId: GATE_ID, broker, logger: testLogger });
  await gateBus.start();
  const store = new MemoryStore();
  const runtime = createManualRuntime({ type: 'gate', bus: gateBus, store, logger: testLogger });
  const servers = new Map<string, FakeServer>();
  for (const id of options.servers ?? ['hall001', 'hall002', 'game001']) {
    servers.set(id, await startFakeServer(broker, id, id.startsWith('hall') ? 'hall' : 'game'));
  }
  let version = 0;
  const setCluster = (ids: string[]) => {
    version += 1;
    const infos: ServerInfo[] = ids.map((id) => ({ id, type: id.startsWith('hall') ? 'hall' : 'game', epoch: 1, load: 0, meta: {} }));
    runtime.applyCluster({
      version,
      permissions: { hall: ids.filter((i) => i.startsWith('hall')), game: ids.filter((i) => i.startsWith('game')) },
      servers: infos,
    });
  };
  setCluster([...servers.keys()]);
  const gate = createGate({ runtime, config: { host: '127.0.0.1', port: 0, ...options.config } });
  const { port } = await gate.listen();
  const url = `ws://127.0.0.1:${port}/`;
  const clients: HallwayClient[] = [];
  const raws: RawSocket[] = [];

  const server = (id: string): FakeServer => {
    const s = servers.get(id);
    if (!s) throw new Error(`no fake server ${id}`);
    return s;
  };
  return {
    broker,
    runtime,
    gate,
    url,
    port,
    servers,
    server,
    setCluster,
    async client(clientOptions = {}) {
      const c = createNodeClient({ url, requestTimeoutMs: 3_000, ...clientOptions });
      clients.push(c);
      await c.connect();
      return c;
    },
    async raw(wsOptions) {
      const r = new RawSocket(url, wsOptions);
      raws.push(r);
      await r.opened;
      return r;
    },
    async publish(from, route, body) {
      await server(from).bus.publish(GATE_ID, route, body);
    },
    async closeCodes() {
      const metric = await runtime.metrics.getSingleMetric('hallway_gate_closes_total')?.get();
      return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.code), v.value]));
    },
    async close() {
      for (const c of clients) await c.close();
      for (const r of raws) r.ws.terminate();
      await gate.close();
      await runtime.shutdown('test over');
      for (const s of servers.values()) await s.bus.close({ drainMs: 0 });
      await store.close();
    },
  };
}

const packr = new Packr({ useRecords: false, mapsAsObjects: true, moreTypes: false, structuredClone: false });

/** A raw WebSocket that records every frame it gets, decoded, with its kind. */
export class RawSocket {
  readonly ws: WebSocket;
  readonly frames: { kind: 'json' | 'msgpack'; frame: Record<string, unknown> }[] = [];
  readonly opened: Promise<unknown>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, options?: ClientOptions) {
    this.ws = new WebSocket(url, options);
    this.ws.on('error', () => {});
    this.opened = once(this.ws, 'open');
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data: Buffer, isBinary) => {
      const frame = (isBinary ? packr.unpack(data) : JSON.parse(data.toString())) as Record<string, unknown>;
      this.frames.push({ kind: isBinary ? 'msgpack' : 'json', frame });
    });
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  sendMsgpack(value: unknown): void {
    this.ws.send(packr.pack(value));
  }

  /** Waits for the n-th frame (1-based) and returns it. */
  async frame(n: number, timeoutMs = 3_000): Promise<{ kind: 'json' | 'msgpack'; frame: Record<string, unknown> }> {
    await waitFor(() => this.frames.length >= n, timeoutMs, `frame #${n}`);
    return this.frames[n - 1]!;
  }
}

export async function waitFor(predicate: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the first push of `route` the client gets. */
export function nextPush<T = unknown>(client: HallwayClient, route: string): Promise<T> {
  return new Promise((resolve) => {
    const handler = (body: unknown) => {
      client.off(route, handler);
      resolve(body as T);
    };
    client.on(route, handler);
  });
}
