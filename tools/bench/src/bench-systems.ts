import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cluster } from '@hallway/e2e';
import type { SystemKind } from '@hallway/loadtest';
import { getFreePort } from '@hallway/testkit';
import { NodeChild } from './node-child.js';

export type SystemName = 'hallway' | 'baseline' | 'socketio';
export const SYSTEM_NAMES: readonly SystemName[] = ['hallway', 'baseline', 'socketio'];

export interface ProcessMemory {
  rssBytes: number;
  heapUsedBytes: number;
}

/** One system under test: where its clients connect and how to read its front process's memory. */
export interface BenchSystem {
  name: SystemName;
  kind: SystemKind;
  urls: string[];
  /** Memory of the process behind `urls[0]` (a gate or a relay). */
  memory(): Promise<ProcessMemory>;
  /** Every server-side process of the system, the shared redis-server included (for CPU time). */
  pids(): number[];
}

export interface StartSystemsOptions {
  /** Gates (and relays per baseline system). */
  fronts: number;
  halls: number;
  games: number;
  /** Write V8 CPU profiles of every server process into this folder (`--cpu-prof`). */
  profileDir: string | undefined;
}

export const DEFAULT_START_SYSTEMS_OPTIONS: StartSystemsOptions = { fronts: 2, halls: 2, games: 2, profileDir: undefined };

export interface BenchSystems {
  systems: Record<SystemName, BenchSystem>;
  redisUrl: string;
  /** Server processes that have exited (with their last lines): a run after that would mean nothing. */
  exited(): string[];
  stop(): Promise<void>;
}

const distDir = fileURLToPath(new URL('.', import.meta.url));

/** Gate settings for load: no per-connection rate limit in the way, and a slow heartbeat so a busy box never looks dead. */
const GATE_BENCH_ENV = { RATE_LIMIT_PER_SEC: '100000', RATE_LIMIT_BURST: '1000000', LOGIN_TIMEOUT_MS: '60000' };

/**
 * Starts all three systems on one private redis-server: the hallway cluster (observer,
 * gates, halls, games as real processes), the baseline ws relays and the Socket.IO
 * relays, with two echo services shared by both relays (they are never loaded at the
 * same time).
 */
export async function startBenchSystems(partial: Partial<StartSystemsOptions> = {}): Promise<BenchSystems> {
  const o = { ...DEFAULT_START_SYSTEMS_OPTIONS, ...partial };
  const profile = (app: string): Record<string, string> => {
    if (!o.profileDir) return {};
    mkdirSync(o.profileDir, { recursive: true });
    return { NODE_OPTIONS: `--import=${distDir}cpu-profile-preload.js`, CPU_PROFILE_DIR: o.profileDir, CPU_PROFILE_LABEL: app };
  };
  const cluster = await Cluster.start({
    gates: o.fronts,
    halls: o.halls,
    games: o.games,
    env: { LOG_LEVEL: 'warn', HEARTBEAT_MS: '500', DEAD_AFTER_MS: '5000' },
    appEnv: { gate: { ...GATE_BENCH_ENV, ...profile('gate') }, hall: profile('hall'), game: profile('game'), observer: {} },
  });
  const children: NodeChild[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((c) => c.stop()));
    await cluster.stop();
  };
  try {
    const base = { REDIS_URL: cluster.redis.url, CHANNEL_PREFIX: `bench-${process.pid}:` };
    const echoChannels = Array.from({ length: o.halls }, (_, i) => `echo${i + 1}`);
    for (const ch of echoChannels) {
      children.push(new NodeChild(`echo ${ch}`, `${distDir}baseline/echo-service.js`, { ...base, ECHO_CHANNEL: ch, ...profile('echo') }));
    }
    const relays = async (script: string, label: string): Promise<{ urls: string[]; ports: number[] }> => {
      const ports: number[] = [];
      for (let i = 0; i < o.fronts; i++) {
        const port = await getFreePort();
        ports.push(port);
        children.push(
          new NodeChild(`${label} ${i + 1}`, `${distDir}baseline/${script}`, {
            ...base,
            RELAY_ID: `${label}${i + 1}`,
            RELAY_PORT: String(port),
            ECHO_CHANNELS: echoChannels.join(','),
            ...profile(label),
          }),
        );
      }
      return { urls: ports.map((p) => `ws://127.0.0.1:${p}/`), ports };
    };
    const baseline = await relays('ws-relay.js', 'baseline');
    const sio = await relays('socketio-relay.js', 'socketio');
    await Promise.all(children.map((c) => c.ready()));
    const gateHttp = cluster.byApp('gate').map((g) => `http://127.0.0.1:${g.env.HTTP_PORT}`);
    const systems: Record<SystemName, BenchSystem> = {
      hallway: {
        name: 'hallway',
        kind: 'hallway',
        urls: cluster.gateUrls.map((u) => `${u}/`),
        memory: () => gateMemory(gateHttp[0]!),
        pids: () => pidsOf([cluster.redis.pid, ...cluster.processes.map((p) => p.pid)]),
      },
      baseline: {
        name: 'baseline',
        kind: 'relay',
        urls: baseline.urls,
        memory: () => relayMemory(baseline.ports[0]!),
        pids: () => pidsOf([cluster.redis.pid, ...children.filter((c) => /^(echo|baseline)/.test(c.label)).map((c) => c.pid)]),
      },
      socketio: {
        name: 'socketio',
        kind: 'socketio',
        urls: sio.ports.map((p) => `http://127.0.0.1:${p}`),
        memory: () => relayMemory(sio.ports[0]!),
        pids: () => pidsOf([cluster.redis.pid, ...children.filter((c) => /^(echo|socketio)/.test(c.label)).map((c) => c.pid)]),
      },
    };
    const exited = (): string[] => [
      ...cluster.processes.filter((p) => p.exited).map((p) => `${p.label} exited ${JSON.stringify(p.exited)}:\n${p.logs(20)}`),
      ...children.filter((c) => c.hasExited).map((c) => `${c.label} exited:\n${c.logs(20)}`),
    ];
    return { systems, redisUrl: cluster.redis.url, exited, stop };
  } catch (err) {
    const logs = children.map((c) => `--- ${c.label}\n${c.logs(10)}`).join('\n');
    await stop();
    throw new Error(`bench systems did not start: ${(err as Error).message}\n${logs}`, { cause: err });
  }
}

function pidsOf(pids: (number | undefined)[]): number[] {
  return pids.filter((p): p is number => p !== undefined);
}

/** A gate's memory from its Prometheus /metrics (prom-client's default process metrics). */
async function gateMemory(httpBase: string): Promise<ProcessMemory> {
  const text = await (await fetch(`${httpBase}/metrics`)).text();
  const metric = (name: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(name));
    const value = Number(line?.trim().split(/\s+/).pop());
    if (!Number.isFinite(value)) throw new Error(`${name} not in ${httpBase}/metrics`);
    return value;
  };
  return { rssBytes: metric('process_resident_memory_bytes'), heapUsedBytes: metric('nodejs_heap_size_used_bytes') };
}

async function relayMemory(port: number): Promise<ProcessMemory> {
  const m = (await (await fetch(`http://127.0.0.1:${port}/memory`)).json()) as { rss: number; heapUsed: number };
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
}
