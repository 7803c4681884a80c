import { setTimeout as sleep } from 'node:timers/promises';
import type { AppName } from './cluster-service.js';
import { ClusterStartError } from './errors.js';

export type ServerCounts = Record<Exclude<AppName, 'observer'>, number>;

export interface WaitForClusterOptions {
  /** The observer's HTTP base URL. */
  observer: string;
  counts: ServerCounts;
  timeoutMs: number;
  /** Checked on every poll: a service that died during start-up ends the wait at once. */
  failure: () => Error | undefined;
}

/**
 * Polls the observer's GET /cluster until it lists exactly the expected number of
 * gates, halls and games: then every server has registered and heartbeats, so a
 * client connecting now is served.
 */
export async function waitForCluster(options: WaitForClusterOptions): Promise<void> {
  const { observer, counts, timeoutMs, failure } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'the observer did not answer';
  for (;;) {
    const failed = failure();
    if (failed) throw failed;
    const listed = await listedCounts(observer).catch((err: unknown) => {
      last = `the observer did not answer (${(err as Error).message})`;
      return undefined;
    });
    if (listed) {
      last = `the observer lists ${JSON.stringify(listed)}`;
      if ((Object.keys(counts) as (keyof ServerCounts)[]).every((type) => listed[type] === counts[type])) return;
    }
    if (Date.now() > deadline) {
      throw new ClusterStartError(`the cluster did not come up within ${timeoutMs} ms: expected ${JSON.stringify(counts)}, ${last}`);
    }
    await sleep(100);
  }
}

async function listedCounts(observer: string): Promise<ServerCounts> {
  const res = await fetch(`${observer}/cluster`, { signal: AbortSignal.timeout(1000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { servers?: { type?: string }[] };
  const listed: ServerCounts = { gate: 0, hall: 0, game: 0 };
  for (const server of body.servers ?? []) {
    if (server.type === 'gate' || server.type === 'hall' || server.type === 'game') listed[server.type] += 1;
  }
  return listed;
}

export interface WaitForObserverOptions {
  observer: string;
  timeoutMs: number;
  failure: () => Error | undefined;
}

/**
 * Waits until the observer answers GET /healthz, so that the servers started next
 * register with their first heartbeat instead of logging failed ones.
 */
export async function waitForObserver(options: WaitForObserverOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failed = options.failure();
    if (failed) throw failed;
    const res = await fetch(`${options.observer}/healthz`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    await res?.body?.cancel();
    if (res?.ok === true) return;
    if (Date.now() > deadline) throw new ClusterStartError(`the observer did not answer ${options.observer}/healthz within ${options.timeoutMs} ms`);
    await sleep(50);
  }
}
