import { fmt, formatTable } from '@hallway/loadtest';
import type { SystemName } from './bench-systems.js';
import type { ScenarioName, ScenarioRun } from './scenarios.js';

/** Median and spread of a series of figures (the machine is noisy: never one number alone). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[n - 1] ?? NaN, values };
}

export interface RatioRow {
  scenario: ScenarioName;
  metric: 'msgs/s' | 'p99' | 'bytes/conn' | 'cpu µs/msg';
  versus: Exclude<SystemName, 'hallway'>;
  /** hallway ÷ other, round by round. */
  ratio: Spread;
}

export interface TargetRow {
  target: string;
  measured: string;
  status: 'PASS' | 'MISS' | 'n/a';
}

/** What each scenario's ratio compares: throughput for the loaded runs, p99 for the fixed-rate ones, memory for idle. */
function ratioMetric(scenario: ScenarioName): RatioRow['metric'] {
  if (scenario === 'echo-max' || scenario === 'fanout' || scenario === 'games') return 'msgs/s';
  if (scenario === 'idle') return 'bytes/conn';
  return 'p99';
}

function metricOf(run: ScenarioRun, metric: RatioRow['metric']): number {
  if (metric === 'msgs/s') return run.msgsPerSec;
  if (metric === 'p99') return run.p99;
  if (metric === 'cpu µs/msg') return run.serverCpuUsPerMsg;
  return run.extra.rssBytesPerConn ?? NaN;
}

/** hallway ÷ baseline and hallway ÷ socketio, per round (runs are paired: same round, same scenario). */
export function ratios(runs: ScenarioRun[]): RatioRow[] {
  const out: RatioRow[] = [];
  const scenarios = [...new Set(runs.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    const metric = ratioMetric(scenario);
    for (const versus of ['baseline', 'socketio'] as const) {
      const values: number[] = [];
      for (const h of runs.filter((r) => r.scenario === scenario && r.system === 'hallway')) {
        const other = runs.find((r) => r.scenario === scenario && r.system === versus && r.round === h.round);
        if (other) values.push(metricOf(h, metric) / metricOf(other, metric));
      }
      if (values.length) out.push({ scenario, metric, versus, ratio: spreadOf(values) });
      // Server CPU per message: the cost comparison that a busy machine disturbs least.
      if (scenario === 'echo-max' || scenario === 'fanout') {
        const cpu: number[] = [];
        for (const h of runs.filter((r) => r.scenario === scenario && r.system === 'hallway')) {
          const other = runs.find((r) => r.scenario === scenario && r.system === versus && r.round === h.round);
          if (other && other.serverCpuUsPerMsg > 0) cpu.push(h.serverCpuUsPerMsg / other.serverCpuUsPerMsg);
        }
        if (cpu.length) out.push({ scenario, metric: 'cpu µs/msg', versus, ratio: spreadOf(cpu) });
      }
    }
  }
  return out;
}

/** The targets of issue 5, judged on medians (and the worst round where the target says "never"). */
export function targets(runs: ScenarioRun[], rows: RatioRow[]): TargetRow[] {
  const ratio = (scenario: string, versus: string): Spread | undefined => rows.find((r) => r.scenario === scenario && r.versus === versus)?.ratio;
  const hallway = (scenario: string): ScenarioRun[] => runs.filter((r) => r.scenario === scenario && r.system === 'hallway');
  const out: TargetRow[] = [];
  const tput = ratio('echo-max', 'baseline');
  out.push(
    tput
      ? {
          target: 'routed hall.echo throughput ≥ 1.5× baseline (never below 1.0×)',
          measured: `median ${fmtRatio(tput.median)}, worst round ${fmtRatio(tput.min)}`,
          status: tput.median >= 1.5 && tput.min >= 1.0 ? 'PASS' : 'MISS',
        }
      : { target: 'routed hall.echo throughput ≥ 1.5× baseline', measured: 'not run', status: 'n/a' },
  );
  const p99 = ratio('echo-2000', 'baseline');
  const p99Ms = spreadOf(hallway('echo-2000').map((r) => r.p99));
  out.push(
    p99
      ? {
          target: "p99 at 2k msg/s ≤ baseline's and < 10 ms",
          measured: `hallway p99 median ${fmt(p99Ms.median)} ms, ratio to baseline ${fmtRatio(p99.median)}`,
          status: p99.median <= 1 && p99Ms.median < 10 ? 'PASS' : 'MISS',
        }
      : { target: "p99 at 2k msg/s ≤ baseline's and < 10 ms", measured: 'not run', status: 'n/a' },
  );
  const sio = ratio('echo-max', 'socketio');
  out.push(
    sio
      ? { target: 'routed hall.echo throughput ≥ 2× Socket.IO', measured: `median ${fmtRatio(sio.median)}`, status: sio.median >= 2 ? 'PASS' : 'MISS' }
      : { target: 'routed hall.echo throughput ≥ 2× Socket.IO', measured: 'not run', status: 'n/a' },
  );
  const idle = spreadOf(hallway('idle').map((r) => r.extra.rssBytesPerConn ?? NaN));
  out.push(
    idle.values.length
      ? {
          target: '≤ 10 KB (10,240 B) gate memory (RSS) per idle connection',
          measured: `median ${fmt(idle.median)} B/conn (heap ${fmt(spreadOf(hallway('idle').map((r) => r.extra.heapBytesPerConn ?? NaN)).median)} B/conn)`,
          status: idle.median <= 10_240 ? 'PASS' : 'MISS',
        }
      : { target: '≤ 10 KB gate memory per idle connection', measured: 'not run', status: 'n/a' },
  );
  return out;
}

function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

function fmtSpread(s: Spread): string {
  if (s.values.length <= 1) return fmt(s.median);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** Scenario × system: median (min–max) over the rounds. */
export function formatSummary(runs: ScenarioRun[]): string {
  const rows: string[][] = [];
  const scenarios = [...new Set(runs.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    for (const system of ['hallway', 'baseline', 'socketio'] as const) {
      const mine = runs.filter((r) => r.scenario === scenario && r.system === system);
      if (!mine.length) continue;
      const idle = scenario === 'idle';
      rows.push([
        scenario,
        system,
        idle ? `${fmt(spreadOf(mine.map((r) => r.msgsPerSec)).median)} conns` : fmtSpread(spreadOf(mine.map((r) => r.msgsPerSec))),
        idle ? '-' : fmtSpread(spreadOf(mine.map((r) => r.p50))),
        idle ? '-' : fmtSpread(spreadOf(mine.map((r) => r.p99))),
        idle ? '-' : fmtSpread(spreadOf(mine.map((r) => r.serverCpuUsPerMsg))),
        idle ? `${fmtSpread(spreadOf(mine.map((r) => r.extra.rssBytesPerConn ?? NaN)))} B/conn RSS` : extraOf(scenario, mine),
        String(mine.reduce((n, r) => n + r.errors, 0)),
      ]);
    }
  }
  return formatTable(['scenario', 'system', 'msgs/s', 'p50 ms', 'p99 ms', 'server cpu µs/msg', 'other', 'errors'], rows);
}

function extraOf(scenario: ScenarioName, runs: ScenarioRun[]): string {
  if (scenario === 'games') return `${fmt(spreadOf(runs.map((r) => r.extra.gamesFinished ?? 0)).median)} games finished`;
  if (scenario === 'fanout') return `${fmt(spreadOf(runs.map((r) => r.extra.chatsPerSec ?? 0)).median)} chats/s`;
  return '';
}

export function formatRatios(rows: RatioRow[]): string {
  return formatTable(
    ['scenario', 'metric', 'hallway ÷', 'median', 'min–max', 'per round'],
    rows.map((r) => [
      r.scenario,
      r.metric,
      r.versus,
      fmtRatio(r.ratio.median),
      `${fmtRatio(r.ratio.min)}–${fmtRatio(r.ratio.max)}`,
      r.ratio.values.map(fmtRatio).join(' '),
    ]),
  );
}

export function formatTargets(rows: TargetRow[]): string {
  return formatTable(
    ['target', 'measured', ''],
    rows.map((r) => [r.target, r.measured, r.status]),
  );
}
