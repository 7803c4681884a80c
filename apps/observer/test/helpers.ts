import type { ServerType } from '@hallway/protocol';
import { parseEnv, RuntimeEnvSchema, startRuntime, type StartedRuntime, type StartRuntimeOptions } from '@hallway/runtime';
import { pino } from 'pino';
import { parseObserverEnv, type ObserverConfig } from '../src/config.js';
import { createObserver, type Observer } from '../src/observer.js';

/** Silent unless HALLWAY_TEST_LOG is set (e.g. HALLWAY_TEST_LOG=debug). */
export const testLogger = pino({ level: process.env.HALLWAY_TEST_LOG ?? 'silent' });

export const HEARTBEAT_MS = 200;

let counter = 0;
/** Key and channel prefixes no other test uses, so tests on one Redis never see each other. */
export function uniquePrefixes(): { KEY_PREFIX: string; CHANNEL_PREFIX: string } {
  counter += 1;
  const id = `t${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  return { KEY_PREFIX: `${id}:`, CHANNEL_PREFIX: `${id}:channel:` };
}

export function baseEnv(redisUrl: string, prefixes: Record<string, string>): Record<string, string> {
  return { REDIS_URL: redisUrl, HOST: '127.0.0.1', HTTP_PORT: '0', HEARTBEAT_MS: String(HEARTBEAT_MS), LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '3000', ...prefixes };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `predicate` is true; rejects after `timeoutMs` naming `what`. Resolves with the ms it took. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await predicate()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Starts runtimes and observers for a test and closes all of them afterwards. */
export class Cluster {
  private readonly runtimes: StartedRuntime[] = [];

  constructor(readonly env: Record<string, string>) {}

  async server(type: Exclude<ServerType, 'observer'>, extra: Record<string, string> = {}, options: Partial<StartRuntimeOptions> = {}): Promise<StartedRuntime> {
    const runtime = await startRuntime({
      type,
      config: parseEnv(RuntimeEnvSchema, { ...this.env, ...extra }),
      logger: testLogger,
      redisBus: { probeIntervalMs: 250, probeTimeoutMs: 600 },
      ...options,
    });
    this.runtimes.push(runtime);
    return runtime;
  }

  async observer(extra: Record<string, string> = {}): Promise<{ runtime: StartedRuntime; observer: Observer; config: ObserverConfig }> {
    const config = parseObserverEnv({ ...this.env, ...extra });
    const runtime = await startRuntime({ type: 'observer', config, logger: testLogger, redisBus: { probeIntervalMs: 250, probeTimeoutMs: 600 } });
    this.runtimes.push(runtime);
    const observer = createObserver({ runtime, config });
    runtime.onShutdown(() => observer.close());
    await observer.start();
    return { runtime, observer, config };
  }

  async close(): Promise<void> {
    await Promise.all(this.runtimes.splice(0).map((r) => r.shutdown('test over')));
  }
}

export async function getJson<T = unknown>(port: number, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}
