import { MemoryBus, type MemoryBroker } from '@hallway/mq';
import type { Heartbeat, HeartbeatReply, Leave } from '@hallway/protocol';
import { pino } from 'pino';
import { parseEnv } from '../src/parse-env.js';
import { RuntimeEnvSchema, type RuntimeConfig } from '../src/config.js';

/** Silent unless HALLWAY_TEST_LOG is set (e.g. HALLWAY_TEST_LOG=debug). */
export const testLogger = pino({ level: process.env.HALLWAY_TEST_LOG ?? 'silent' });

let counter = 0;
/** Key and channel prefixes no other test uses, so tests on one Redis never see each other. */
export function uniquePrefixes(): { KEY_PREFIX: string; CHANNEL_PREFIX: string } {
  counter += 1;
  const id = `t${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  return { KEY_PREFIX: `${id}:`, CHANNEL_PREFIX: `${id}:channel:` };
}

/** A runtime config for tests: fast heartbeats, loopback HTTP on a free port. */
export function testConfig(env: Record<string, string> = {}): RuntimeConfig {
  return parseEnv(RuntimeEnvSchema, { HOST: '127.0.0.1', HEARTBEAT_MS: '100', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '3000', ...env });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `predicate` is true; rejects after `timeoutMs` naming `what`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await predicate()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export interface FakeObserver {
  bus: MemoryBus;
  beats: Heartbeat[];
  leaves: Leave[];
  /** What the next heartbeats are answered with; undefined: no answer (the observer is "down"). */
  reply: ((beat: Heartbeat) => HeartbeatReply | undefined) | undefined;
  close(): Promise<void>;
}

/** An observer stand-in on a memory broker: records heartbeats and leaves and answers as told. */
export async function startFakeObserver(broker: MemoryBroker, reply?: FakeObserver['reply']): Promise<FakeObserver> {
  const bus = new MemoryBus({ serverId: 'observer', epoch: 1, broker, logger: testLogger });
  await bus.start();
  const fake: FakeObserver = {
    bus,
    beats: [],
    leaves: [],
    reply,
    close: () => bus.close({ drainMs: 0 }),
  };
  bus.handle('cluster.heartbeat', async (body) => {
    fake.beats.push(body as Heartbeat);
    const answer = fake.reply?.(body as Heartbeat);
    // No answer: let the request time out, as with an observer that is down.
    if (answer === undefined) await new Promise(() => undefined);
    return answer;
  });
  bus.handle('cluster.leave', (body) => {
    fake.leaves.push(body as Leave);
    return {};
  });
  return fake;
}

export async function getJson(port: number, path: string): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const contentType = res.headers.get('content-type');
  const text = await res.text();
  return { status: res.status, body: contentType?.includes('json') ? JSON.parse(text) : text, contentType };
}
