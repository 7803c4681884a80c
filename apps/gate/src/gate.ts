import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo, Socket } from 'node:net';
import { CloseCode, InternalRoute } from '@hallway/protocol';
import type { ClusterChange, ServiceRuntime } from '@hallway/runtime';
import { WebSocketServer, type WebSocket } from 'ws';
import { onClusterChange } from './cluster-watcher.js';
import { Connection } from './connection.js';
import { GateListenError } from './errors.js';
import { resolveGateConfig, type GateConfig } from './gate-config.js';
import { announceDisconnected, type GateContext } from './gate-context.js';
import { GateMetrics } from './gate-metrics.js';
import { handleBusBind } from './handlers/bus-bind.js';
import { handleBusBroadcast } from './handlers/bus-broadcast.js';
import { handleBusKick } from './handlers/bus-kick.js';
import { handleBusPush } from './handlers/bus-push.js';
import { DEFAULT_WEB_ROOT, loadWebClient, type WebClient } from './handlers/web-client.js';
import { SessionTable } from './session-table.js';

export interface CreateGateOptions {
  runtime: ServiceRuntime;
  config: GateConfig;
}

export interface Gate {
  /** Starts the WebSocket server; resolves with the port it listens on. */
  listen(): Promise<{ port: number }>;
  /**
   * Stops accepting, closes every socket with 1001 (GOING_AWAY), tells the halls
   * (`hall.disconnected`) and waits for the sockets to close. Also runs on runtime shutdown.
   */
  close(): Promise<void>;
  /** Open connections (logged in or not). */
  readonly connections: number;
  /** Logged-in connections. */
  readonly sessions: number;
}

/**
 * The gate: holds the players' WebSockets, logs them in through a hall, forwards their
 * requests to the bound hall / game server and delivers what those push back.
 */
export function createGate(options: CreateGateOptions): Gate {
  const { runtime } = options;
  const config = resolveGateConfig(options.config);
  const log = runtime.log.child({ component: 'gate' });
  const metrics = new GateMetrics(runtime.metrics);
  const ctx: GateContext = {
    runtime,
    config,
    log,
    sessions: new SessionTable(),
    connections: new Map(),
    metrics,
    authKey: config.authSecret ? new TextEncoder().encode(config.authSecret) : undefined,
    countsChanged() {
      metrics.connections.set(ctx.connections.size);
      metrics.sessions.set(ctx.sessions.size);
      runtime.setLoad(ctx.connections.size);
    },
  };

  runtime.bus
    .handle(InternalRoute.gatePush, (body) => handleBusPush(ctx, body))
    .handle(InternalRoute.gateBroadcast, (body) => handleBusBroadcast(ctx, body))
    .handle(InternalRoute.gateBind, (body) => handleBusBind(ctx, body))
    .handle(InternalRoute.gateKick, (body) => handleBusKick(ctx, body));
  const onChange = (change: ClusterChange) => onClusterChange(ctx, change);
  runtime.cluster.on('change', onChange);

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
  let server: Server | undefined;
  let webClient: WebClient | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let listening = false;
  let closing: Promise<void> | undefined;
  let nextConn = 0;
  // Unique per gate run: a message for a connection of a previous run never reaches a new one.
  const connPrefix = runtime.epoch.toString(36);

  function accept(ws: WebSocket, req: IncomingMessage): void {
    nextConn += 1;
    const connId = `${connPrefix}.${nextConn.toString(36)}`;
    const conn = new Connection(ctx, ws, connId, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`);
    ctx.connections.set(connId, conn);
    ctx.countsChanged();
    conn.log.debug('connected');
  }

  function onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
    const full = config.maxConnections > 0 && ctx.connections.size >= config.maxConnections;
    if (closing || full) {
      metrics.error(full ? 'MAX_CONNECTIONS' : 'SHUTTING_DOWN');
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  }

  /**
   * Plain HTTP on the gate's port: health checks for load balancers and the browser
   * client (WEB_CLIENT); anything else wants a WebSocket.
   */
  function onHttp(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (path === '/readyz') {
      const ready = runtime.ready && listening && !closing;
      return void res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready }));
    }
    if (webClient?.serve(req, res)) return;
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('this is a WebSocket endpoint\n');
  }

  async function listen(): Promise<{ port: number }> {
    if (server) throw new Error('listen() was called twice');
    const http = createServer(onHttp);
    server = http;
    if (config.webClient) webClient = await loadWebClient(config.webRoot ?? DEFAULT_WEB_ROOT, log);
    http.on('upgrade', onUpgrade);
    http.on('clientError', (err, socket) => {
      log.debug({ err }, 'bad HTTP request');
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', (err) => reject(new GateListenError(config.host, config.port, err)));
      http.listen(config.port, config.host, () => resolve());
    });
    http.on('error', (err) => log.error({ err }, 'HTTP server error'));
    listening = true;
    const port = (http.address() as AddressInfo).port;
    pingTimer = setInterval(() => {
      // After the poll phase: pongs that arrived during a stalled event loop count first.
      setImmediate(() => {
        for (const conn of [...ctx.connections.values()]) conn.heartbeat();
      });
    }, config.pingIntervalMs);
    runtime.setMeta({ ws: config.publicUrl ?? publicUrlOf(config.host, port) });
    runtime.addReadinessCheck('gate', () => listening && !closing);
    runtime.onShutdown(() => close());
    log.info({ port, host: config.host, auth: ctx.authKey ? 'jwt' : 'guests', webClient: config.webClient }, 'gate listening');
    return { port };
  }

  function close(): Promise<void> {
    closing ??= shutdown();
    return closing;
  }

  async function shutdown(): Promise<void> {
    clearInterval(pingTimer);
    runtime.cluster.off('change', onChange);
    const serverClosed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    const conns = [...ctx.connections.values()];
    const sessions = [...ctx.sessions.all()];
    // Taken out of the table first, so that the close handlers do not announce them a second time.
    for (const s of sessions) ctx.sessions.delete(s.connId);
    for (const conn of conns) conn.close(CloseCode.GOING_AWAY, 'server shutting down');
    await Promise.all(sessions.map((s) => announceDisconnected(ctx, s)));
    await Promise.all(conns.map((c) => c.closed));
    server?.closeAllConnections();
    wss.close();
    await serverClosed;
    listening = false;
    log.info({ connections: conns.length }, 'gate closed');
  }

  return {
    listen,
    close,
    get connections() {
      return ctx.connections.size;
    },
    get sessions() {
      return ctx.sessions.size;
    },
  };
}

function publicUrlOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? hostname() : host;
  return `ws://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
