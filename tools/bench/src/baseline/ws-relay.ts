#!/usr/bin/env node
// Baseline relay: a ws server that PUBLISHes every frame to an echo service and sends back
// what comes back on its own channel. No login, no validation, one PUBLISH per message.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Packr } from 'msgpackr';
import { WebSocketServer, type WebSocket } from 'ws';
import { exitOnSignal, memoryEndpoint, readRelayEnv } from './relay-env.js';

interface Frame {
  id: number;
  route: string;
  body?: { text?: string };
}

const env = readRelayEnv(process.env);
const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const pub = new Redis(env.redisUrl, { enableAutoPipelining: true });
const sub = new Redis(env.redisUrl);
for (const client of [pub, sub]) client.on('error', (err: Error) => process.stderr.write(`relay redis: ${err.message}\n`));
const own = `${env.prefix}relay:${env.relayId}`;
const broadcast = `${env.prefix}broadcast`;
const conns = new Map<number, { ws: WebSocket; binary: boolean }>();
let nextConn = 0;

const http = createServer((req, res) => {
  if (!memoryEndpoint(req, res)) res.writeHead(404).end();
});
const wss = new WebSocketServer({ server: http });
wss.on('connection', (ws) => {
  const c = ++nextConn;
  const conn = { ws, binary: false };
  conns.set(c, conn);
  const echo = `${env.prefix}${env.echoChannels[c % env.echoChannels.length]}`;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    conn.binary = isBinary;
    const m = (isBinary ? packr.unpack(data) : JSON.parse(data.toString())) as Frame;
    if (m.route === 'hall.chat') {
      // Lobby chat: one PUBLISH to the channel every relay listens to; the reply at once.
      const push = { route: 'hall.chat', body: { from: { userId: `${env.relayId}-${c}`, name: 'bot' }, text: m.body?.text ?? '', ts: Date.now() } };
      void pub.publish(broadcast, JSON.stringify(push));
      send(conn, { id: m.id, ok: true, body: {} });
      return;
    }
    void pub.publish(echo, JSON.stringify({ c, r: env.relayId, m }));
  });
  ws.on('close', () => conns.delete(c));
  ws.on('error', () => undefined);
});

function send(conn: { ws: WebSocket; binary: boolean }, frame: unknown): void {
  conn.ws.send(conn.binary ? packr.pack(frame) : JSON.stringify(frame));
}

sub.on('message', (channel: string, message: string) => {
  if (channel === broadcast) {
    // Encoded once per format for all connections.
    let packed: Buffer | undefined;
    for (const conn of conns.values()) conn.ws.send(conn.binary ? (packed ??= packr.pack(JSON.parse(message))) : message);
    return;
  }
  const reply = JSON.parse(message) as { c: number; m: unknown };
  const conn = conns.get(reply.c);
  if (conn) send(conn, reply.m);
});

await sub.subscribe(own, broadcast);
await new Promise<void>((resolve) => http.listen(env.port, '127.0.0.1', resolve));
process.stdout.write('ready\n');
exitOnSignal(async () => {
  for (const { ws } of conns.values()) ws.terminate();
  wss.close();
  http.close();
  sub.disconnect();
  pub.disconnect();
});
