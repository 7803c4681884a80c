#!/usr/bin/env node
// The Socket.IO peer: the same relay as Socket.IO events. Echo goes through the same
// Redis echo services as the baseline; lobby chat is `io.emit` across relays through
// @socket.io/redis-adapter, which is how Socket.IO apps scale out.
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { exitOnSignal, memoryEndpoint, readRelayEnv } from './relay-env.js';

interface Frame {
  id: number;
  route: string;
  body?: { text?: string };
}

const env = readRelayEnv(process.env);
const pub = new Redis(env.redisUrl, { enableAutoPipelining: true });
const sub = new Redis(env.redisUrl);
const adapterPub = new Redis(env.redisUrl, { enableAutoPipelining: true });
const adapterSub = new Redis(env.redisUrl);
for (const client of [pub, sub, adapterPub, adapterSub]) client.on('error', (err: Error) => process.stderr.write(`relay redis: ${err.message}\n`));
const own = `${env.prefix}relay:${env.relayId}`;
let nextConn = 0;

const http = createServer((req, res) => {
  if (!memoryEndpoint(req, res)) res.writeHead(404).end();
});
const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  adapter: createAdapter(adapterPub, adapterSub, { key: `${env.prefix}socket.io` }),
});
io.on('connection', (socket) => {
  const echo = `${env.prefix}${env.echoChannels[++nextConn % env.echoChannels.length]}`;
  socket.on('m', (m: Frame) => {
    if (m.route === 'hall.chat') {
      io.emit('m', { route: 'hall.chat', body: { from: { userId: socket.id, name: 'bot' }, text: m.body?.text ?? '', ts: Date.now() } });
      socket.emit('m', { id: m.id, ok: true, body: {} });
      return;
    }
    void pub.publish(echo, JSON.stringify({ c: socket.id, r: env.relayId, m }));
  });
});

sub.on('message', (_channel: string, message: string) => {
  const reply = JSON.parse(message) as { c: string; m: unknown };
  io.sockets.sockets.get(reply.c)?.emit('m', reply.m);
});

await sub.subscribe(own);
await new Promise<void>((resolve) => http.listen(env.port, '127.0.0.1', resolve));
process.stdout.write('ready\n');
exitOnSignal(async () => {
  io.disconnectSockets(true);
  await io.close();
  for (const r of [pub, sub, adapterPub, adapterSub]) r.disconnect();
});
