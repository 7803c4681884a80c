#!/usr/bin/env node
// Baseline echo service: for each message on its channel, PUBLISH the reply to the relay's channel.
import { Redis } from 'ioredis';
import { exitOnSignal, readRelayEnv } from './relay-env.js';

interface EchoRequest {
  /** Connection id on the relay. */
  c: number | string;
  /** Relay id: the reply goes to `<prefix>relay:<r>`. */
  r: string;
  m: { id: number; body?: unknown };
}

const env = readRelayEnv(process.env);
const channel = `${env.prefix}${process.env.ECHO_CHANNEL ?? 'echo1'}`;
const pub = new Redis(env.redisUrl, { enableAutoPipelining: true });
const sub = new Redis(env.redisUrl);

for (const client of [pub, sub]) client.on('error', (err: Error) => process.stderr.write(`echo-service redis: ${err.message}\n`));

// What hall.echo does, minus the validation: the same body back as {id, ok, body}.
// (A malformed message is dropped: the baseline must not die on one.)
sub.on('message', (_channel: string, message: string) => {
  let req: EchoRequest;
  try {
    req = JSON.parse(message) as EchoRequest;
  } catch {
    return;
  }
  pub.publish(`${env.prefix}relay:${req.r}`, JSON.stringify({ c: req.c, m: { id: req.m.id, ok: true, body: req.m.body } })).catch(() => undefined);
});

await sub.subscribe(channel);
process.stdout.write('ready\n');
exitOnSignal(async () => {
  sub.disconnect();
  pub.disconnect();
});
