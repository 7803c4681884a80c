import { runLoadTest, type LoadTestOptions, type LoadTestProgress, type LoadTestResult } from '@hallway/loadtest';
import type { BenchSystem, SystemName } from './bench-systems.js';
import { cpuSeconds } from './cpu-seconds.js';

export type ScenarioName = 'echo-max' | `echo-${number}` | 'fanout' | 'games' | 'idle';

/** Sizes of the standard scenarios (the smoke run shrinks them all). */
export interface ScenarioSizes {
  /** Connections sending hall.echo. */
  echoBots: number;
  /** Fixed rates (msg/s in all) for the latency runs. */
  echoRates: number[];
  /** Players in the lobby for the fan-out run, and how many of them chat (closed loop). */
  fanoutBots: number;
  fanoutChatters: number;
  /** Concurrent games (two bots each). */
  games: number;
  /** Open idle connections on one gate. */
  idleConnections: number;
  durationMs: number;
  warmupMs: number;
}

export const DEFAULT_SCENARIO_SIZES: ScenarioSizes = {
  echoBots: 1000,
  echoRates: [1000, 2000, 5000],
  fanoutBots: 1000,
  fanoutChatters: 10,
  games: 500,
  idleConnections: 10_000,
  durationMs: 10_000,
  warmupMs: 2_000,
};

export const SMOKE_SCENARIO_SIZES: ScenarioSizes = {
  echoBots: 20,
  echoRates: [100],
  fanoutBots: 20,
  fanoutChatters: 2,
  games: 10,
  idleConnections: 200,
  durationMs: 2_000,
  warmupMs: 500,
};

/** One scenario on one system in one round: the figures the tables and ratios are made of. */
export interface ScenarioRun {
  scenario: ScenarioName;
  system: SystemName;
  round: number;
  /** The scenario's headline rate: echo replies/s, chat deliveries/s, moves/s, or connections held. */
  msgsPerSec: number;
  /** Milliseconds: echo round trip, chat delivery (send → every receiver), move round trip. */
  p50: number;
  p99: number;
  /** Failed requests (any code), undelivered chats, connections that could not be opened. */
  errors: number;
  /** Successful operations, so a run that did nothing cannot pass as error-free. */
  ok: number;
  /**
   * CPU time all the system's server processes (and Redis) spent per successful operation
   * in the window, in microseconds: steadier than msgs/s on a shared machine.
   */
  serverCpuUsPerMsg: number;
  /** Scenario-specific figures (games finished, bytes per idle connection, …). */
  extra: Record<string, number>;
  /** The load generator's full result. */
  load: LoadTestResult;
}

export interface ScenarioContext {
  sizes: ScenarioSizes;
  onProgress: ((p: LoadTestProgress) => void) | undefined;
}

/** Which systems take part in a scenario (the relays have no games). */
export function systemsFor(scenario: ScenarioName): readonly SystemName[] {
  return scenario === 'games' ? ['hallway'] : ['hallway', 'baseline', 'socketio'];
}

export function scenarioNames(sizes: ScenarioSizes): ScenarioName[] {
  return ['echo-max', ...sizes.echoRates.map((r) => `echo-${r}` as const), 'fanout', 'games', 'idle'];
}

export async function runScenario(scenario: ScenarioName, system: BenchSystem, round: number, ctx: ScenarioContext): Promise<ScenarioRun> {
  const s = ctx.sizes;
  // Server-side CPU seconds spent inside the measured window (all of the system's processes and Redis).
  const cpu = { start: 0, end: 0 };
  const common: Partial<LoadTestOptions> = {
    urls: system.urls,
    kind: system.kind,
    format: 'json',
    durationMs: s.durationMs,
    warmupMs: s.warmupMs,
    onProgress: ctx.onProgress,
    atWindowStart: async () => {
      cpu.start = cpuSeconds(system.pids());
    },
    atWindowEnd: async () => {
      cpu.end = cpuSeconds(system.pids());
    },
  };
  const row = (load: LoadTestResult, fields: Omit<ScenarioRun, 'scenario' | 'system' | 'round' | 'load' | 'serverCpuUsPerMsg'>): ScenarioRun => ({
    scenario,
    system: system.name,
    round,
    ...fields,
    errors: fields.errors + connectFailures(load),
    serverCpuUsPerMsg: fields.ok > 0 && scenario !== 'idle' ? ((cpu.end - cpu.start) * 1e6) / fields.ok : 0,
    load,
  });

  if (scenario === 'echo-max' || scenario.startsWith('echo-')) {
    const rate = scenario === 'echo-max' ? undefined : Number(scenario.slice('echo-'.length));
    const load = await runLoadTest({ ...common, bots: s.echoBots, mix: { echo: 1 }, rate });
    const echo = load.routes.find((r) => r.route === 'hall.echo');
    return row(load, {
      msgsPerSec: echo?.perSec ?? 0,
      p50: echo?.latency.p50 ?? 0,
      p99: echo?.latency.p99 ?? 0,
      errors: load.totals.errors,
      ok: echo?.ok ?? 0,
      extra: {},
    });
  }
  if (scenario === 'fanout') {
    const chatters = Math.min(s.fanoutChatters, s.fanoutBots);
    const load = await runLoadTest({ ...common, bots: s.fanoutBots, mix: { chat: chatters, idle: s.fanoutBots - chatters } });
    const pushes = load.pushes.find((p) => p.route === 'hall.chat');
    const chat = load.routes.find((r) => r.route === 'hall.chat');
    return row(load, {
      msgsPerSec: pushes?.perSec ?? 0,
      p50: pushes?.latency?.p50 ?? 0,
      p99: pushes?.latency?.p99 ?? 0,
      errors: load.totals.errors,
      ok: pushes?.received ?? 0,
      extra: { chatsPerSec: chat?.perSec ?? 0, players: load.connected },
    });
  }
  if (scenario === 'games') {
    const load = await runLoadTest({ ...common, bots: s.games * 2, mix: { game: 1 } });
    return row(load, {
      msgsPerSec: load.games.movesPerSec,
      p50: load.games.moveLatency?.p50 ?? 0,
      p99: load.games.moveLatency?.p99 ?? 0,
      errors: load.totals.errors,
      ok: load.games.moves,
      extra: { gamesFinished: load.games.finished, gamesPerSec: load.games.perSec },
    });
  }
  // idle: every connection on the first gate/relay, so its memory growth is theirs alone.
  const before = await settledMemory(system);
  let after = before;
  const load = await runLoadTest({
    ...common,
    urls: system.urls.slice(0, 1),
    bots: s.idleConnections,
    mix: { idle: 1 },
    connectBatch: 500,
    warmupMs: 0,
    durationMs: 2_000,
    atWindowStart: undefined,
    atWindowEnd: async () => {
      after = await system.memory();
    },
  });
  const n = Math.max(1, load.connected);
  return row(load, {
    msgsPerSec: load.connected,
    p50: 0,
    p99: 0,
    errors: load.totals.errors,
    ok: load.connected,
    extra: {
      rssBytesPerConn: (after.rssBytes - before.rssBytes) / n,
      heapBytesPerConn: (after.heapUsedBytes - before.heapUsedBytes) / n,
      rssBefore: before.rssBytes,
      rssAfter: after.rssBytes,
      heapBefore: before.heapUsedBytes,
      heapAfter: after.heapUsedBytes,
    },
  });
}

function connectFailures(load: LoadTestResult): number {
  return Object.values(load.connectErrors).reduce((a, b) => a + b, 0);
}

async function settledMemory(system: BenchSystem): ReturnType<BenchSystem['memory']> {
  await new Promise((r) => setTimeout(r, 1_000));
  return system.memory();
}
