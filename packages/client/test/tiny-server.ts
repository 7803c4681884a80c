import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, type FrameFormat } from '../src/frame-codec.js';

export interface Req {
  id: number;
  route: string;
  body?: unknown;
}

/** What the fake gate does with a request: a reply frame's fields, or nothing (no answer). */
export type Responder = (req: Req, conn: TinyConn) => { ok: true; body?: unknown } | { ok: false; code: string } | undefined;

export interface TinyConn {
  ws: WebSocket;
  /** Format of the last frame the client sent. */
  format: FrameFormat;
  received: Req[];
  push(route: string, body: unknown): void;
}

/** A tiny WebSocket server that speaks the gate's framing, for the client's unit tests. */
export async function startTinyServer(respond: Responder) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const conns: TinyConn[] = [];
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    const conn: TinyConn = {
      ws,
      format: 'json',
      received: [],
      push(route, body) {
        ws.send(encodeFrame({ route, body }, this.format));
      },
    };
    conns.push(conn);
    ws.on('message', (data, isBinary) => {
      conn.format = isBinary ? 'msgpack' : 'json';
      const req = decodeFrame(isBinary ? data : data.toString()) as Req;
      conn.received.push(req);
      const out = respond(req, conn);
      if (!out) return;
      const frame = out.ok ? { id: req.id, ok: true, body: out.body } : { id: req.id, ok: false, error: { code: out.code, message: out.code } };
      ws.send(encodeFrame(frame, conn.format));
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    conns,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The answers of a minimal gate: login (with resume), ping, echo, logout. */
export const gateLike: Responder = (req, conn) => {
  switch (req.route) {
    case 'gate.login': {
      const body = req.body as { name: string; resume?: string };
      const userId = body.resume ? body.resume.replace('r-', '') : `u${conn.received.length}-${Math.random().toString(36).slice(2, 6)}`;
      return { ok: true, body: { userId, name: body.name, hall: 'hall001', resume: `r-${userId}` } };
    }
    case 'gate.ping':
    case 'hall.echo':
      return { ok: true, body: req.body };
    case 'gate.logout':
      setImmediate(() => conn.ws.close(1000, 'logout'));
      return { ok: true, body: {} };
    case 'hall.silent':
      return undefined;
    default:
      return { ok: false, code: 'UNKNOWN_ROUTE' };
  }
};
