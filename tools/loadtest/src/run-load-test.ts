import { Bot, type BotShared, type Scenario } from './bot.js';
import { errorCodeOf, openBotConnection, type SystemKind, type WireFormat } from './bot-connection.js';
import type { HistogramSummary } from './latency-histogram.js';
import { RouteStats, type PushReport, type RouteReport } from './route-stats.js';

export type ScenarioMix = Partial<Record<Scenario, number>>;

export interface LoadTestOptions {
  /** Gate (or relay) URLs; bots are spread over them round-robin. */
  urls: string[];
  kind: SystemKind;
  format: WireFormat;
  bots: number;
  /** Measured window. */
  durationMs: number;
  /** Traffic before the window opens (connections warm, JIT warm); not counted. */
  warmupMs: number;
  /** Weights of the scenarios: bots are assigned in proportion (e.g. `{echo: 8, chat: 1, game: 1}`). */
  mix: ScenarioMix;
  /**
   * Open loop: requests per second in all, spread evenly over the echo and chat bots,
   * latency measured from the intended send time (no coordinated omission). Undefined:
   * closed loop, each bot sends its next request when the previous one is answered.
   */
  rate: number | undefined;
  echoBody: unknown;
  thinkMs: number;
  /** Connections opened (and logged in) concurrently. */
  connectBatch: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  chatDeliveryTimeoutMs: number;
  gameStallMs: number;
  /** After the window: how long games in progress may take to finish, and in-flight requests to settle. */
  drainMs: number;
  progressIntervalMs: number;
  onProgress: ((progress: LoadTestProgress) => void) | undefined;
  /** Awaited right before the measured window opens (e.g. to read the servers' CPU time). */
  atWindowStart: (() => Promise<void>) | undefined;
  /** Awaited at the end of the measured window, every connection still open (e.g. to read the server's memory). */
  atWindowEnd: (() => Promise<void>) | undefined;
}

export const DEFAULT_LOAD_TEST_OPTIONS: LoadTestOptions = {
  urls: ['ws://127.0.0.1:8000/'],
  kind: 'hallway',
  format: 'json',
  bots: 100,
  durationMs: 10_000,
  warmupMs: 1_000,
  mix: { echo: 1 },
  rate: undefined,
  echoBody: { n: 1, s: 'hello' },
  thinkMs: 0,
  connectBatch: 200,
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  chatDeliveryTimeoutMs: 5_000,
  gameStallMs: 10_000,
  drainMs: 10_000,
  progressIntervalMs: 1_000,
  onProgress: undefined,
  atWindowStart: undefined,
  atWindowEnd: undefined,
};

export interface LoadTestProgress {
  phase: 'connecting' | 'warmup' | 'measuring' | 'draining' | 'closing';
  /** Seconds since the phase started. */
  elapsedSec: number;
  connected: number;
  bots: number;
  ok: number;
  errors: number;
  pushes: number;
  /** Successful round trips per second since the last progress report. */
  okPerSec: number;
  pushesPerSec: number;
  gamesFinished: number;
}

export interface LoadTestResult {
  kind: SystemKind;
  format: WireFormat;
  urls: string[];
  bots: number;
  connected: number;
  connectErrors: Record<string, number>;
  /** Open-loop rate, or null for closed loop. */
  rate: number | null;
  mix: ScenarioMix;
  seconds: number;
  routes: RouteReport[];
  pushes: PushReport[];
  games: { finished: number; perSec: number; moves: number; movesPerSec: number; moveLatency: HistogramSummary | null };
  totals: { ok: number; errors: number; pushes: number };
}

/**
 * Runs N bots against a cluster: connect and log in (in batches), warm up, measure for
 * `durationMs`, let games finish, close everything. Resolves with per-route figures.
 */
export async function runLoadTest(partial: Partial<LoadTestOptions>): Promise<LoadTestResult> {
  const o: LoadTestOptions = { ...DEFAULT_LOAD_TEST_OPTIONS, ...definedOnly(partial) };
  if (o.urls.length === 0) throw new Error('no url to connect to');
  const stats = new RouteStats();
  const shared: BotShared = {
    stats,
    echoBody: o.echoBody,
    thinkMs: o.thinkMs,
    chatDeliveryTimeoutMs: o.chatDeliveryTimeoutMs,
    gameStallMs: o.gameStallMs,
    finishedRooms: new Set(),
  };
  const scenarios = assignScenarios(o.bots, o.mix);
  const bots: Bot[] = [];
  const connectErrors: Record<string, number> = {};
  let phase: LoadTestProgress['phase'] = 'connecting';
  let phaseStart = performance.now();
  let last = { at: performance.now(), ok: 0, pushes: 0 };
  const progress = (): void => {
    if (!o.onProgress) return;
    const now = performance.now();
    const t = stats.totals();
    const dt = (now - last.at) / 1000;
    o.onProgress({
      phase,
      elapsedSec: (now - phaseStart) / 1000,
      connected: bots.length,
      bots: o.bots,
      ok: t.ok,
      errors: t.errors,
      pushes: t.pushes,
      okPerSec: dt > 0 ? (t.ok - last.ok) / dt : 0,
      pushesPerSec: dt > 0 ? (t.pushes - last.pushes) / dt : 0,
      gamesFinished: shared.finishedRooms.size,
    });
    last = { at: now, ok: t.ok, pushes: t.pushes };
  };
  const setPhase = (next: LoadTestProgress['phase']): void => {
    phase = next;
    phaseStart = performance.now();
    progress();
  };
  const ticker = setInterval(progress, o.progressIntervalMs);
  // Game bots whose opponent vanished (or whose push was lost) start over.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const bot of bots) void bot.unstick(now);
  }, 1_000);

  try {
    // ---- connect and log in, in batches
    for (let start = 0; start < o.bots; start += o.connectBatch) {
      const batch = scenarios.slice(start, start + o.connectBatch).map(async (scenario, j) => {
        const index = start + j;
        try {
          const conn = await openBotConnection({
            kind: o.kind,
            url: o.urls[index % o.urls.length]!,
            format: o.format,
            requestTimeoutMs: o.requestTimeoutMs,
            connectTimeoutMs: o.connectTimeoutMs,
          });
          const bot = new Bot(index, scenario, conn, shared);
          try {
            await bot.login();
          } catch (err) {
            await conn.close();
            throw err;
          }
          bots.push(bot);
        } catch (err) {
          const code = errorCodeOf(err);
          connectErrors[code] = (connectErrors[code] ?? 0) + 1;
        }
      });
      await Promise.all(batch);
    }

    // ---- load: warm-up, then the measured window
    setPhase('warmup');
    for (const bot of bots) bot.running = true;
    const loops = o.rate === undefined ? bots.map((bot) => bot.runClosedLoop()) : [runOpenLoop(bots, o.rate, () => bots[0]?.running === true)];
    if (o.rate !== undefined) for (const bot of bots) if (bot.scenario === 'game') loops.push(bot.runClosedLoop());
    await sleep(o.warmupMs);
    await o.atWindowStart?.();
    stats.start();
    setPhase('measuring');
    await sleep(o.durationMs);
    stats.stop();
    await o.atWindowEnd?.();

    // ---- drain: no new work; games in progress play on to their end
    setPhase('draining');
    for (const bot of bots) bot.running = false;
    const drainUntil = performance.now() + o.drainMs;
    while (performance.now() < drainUntil && bots.some((b) => b.inFlight > 0 || (b.scenario === 'game' && !b.gameSettled))) {
      await sleep(50);
    }
    await Promise.race([Promise.all(loops), sleep(Math.max(0, drainUntil - performance.now()))]);
  } finally {
    clearInterval(watchdog);
    setPhase('closing');
    for (let start = 0; start < bots.length; start += o.connectBatch) {
      await Promise.all(bots.slice(start, start + o.connectBatch).map((b) => b.conn.close().catch(() => undefined)));
    }
    clearInterval(ticker);
  }

  const report = stats.report();
  const move = report.routes.find((r) => r.route === 'game.move');
  return {
    kind: o.kind,
    format: o.format,
    urls: o.urls,
    bots: o.bots,
    connected: bots.length,
    connectErrors,
    rate: o.rate ?? null,
    mix: o.mix,
    seconds: report.seconds,
    routes: report.routes,
    pushes: report.pushes,
    games: {
      finished: shared.finishedRooms.size,
      perSec: report.seconds > 0 ? shared.finishedRooms.size / report.seconds : 0,
      moves: move?.ok ?? 0,
      movesPerSec: move?.perSec ?? 0,
      moveLatency: move?.latency ?? null,
    },
    totals: stats.totals(),
  };
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate, whatever happened to
 * earlier ones, and its latency counts from that due time — a stalled system shows up
 * as latency instead of silently lowering the offered load.
 */
async function runOpenLoop(bots: Bot[], rate: number, running: () => boolean): Promise<void> {
  const senders = bots.filter((b) => b.scenario === 'echo' || b.scenario === 'chat');
  if (senders.length === 0 || rate <= 0) return;
  const start = performance.now();
  const interval = 1000 / rate;
  let sent = 0;
  let next = 0;
  while (running()) {
    const now = performance.now();
    const due = Math.floor((now - start) / interval) + 1;
    // Catch up at most one second of backlog per tick, so a long GC pause cannot flood.
    for (let n = 0; sent < due && n < rate; n++, sent++) {
      senders[next]!.fire(start + sent * interval);
      next = (next + 1) % senders.length;
    }
    await sleep(1);
  }
}

/** Bot i's scenario, interleaved so every URL gets the same mix (largest remainder first). */
export function assignScenarios(bots: number, mix: ScenarioMix): Scenario[] {
  const entries = (Object.entries(mix) as [Scenario, number][]).filter(([, w]) => w > 0);
  if (entries.length === 0) throw new Error('the scenario mix is empty');
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const given = new Map<Scenario, number>(entries.map(([s]) => [s, 0]));
  const out: Scenario[] = [];
  for (let i = 0; i < bots; i++) {
    // The scenario furthest below its share so far gets the next bot.
    let best = entries[0]![0];
    let bestDeficit = -Infinity;
    for (const [s, w] of entries) {
      const deficit = ((i + 1) * w) / total - given.get(s)!;
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = s;
      }
    }
    given.set(best, given.get(best)! + 1);
    out.push(best);
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
