#!/usr/bin/env node
// `pnpm bench`: hallway side by side with a minimal relay and a Socket.IO relay, in
// paired, interleaved rounds on one private redis-server; tables, ratios, targets, JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openFileLimit, progressPrinter } from '@hallway/loadtest';
import { Redis } from 'ioredis';
import { formatRatios, formatSummary, formatTargets, ratios, targets } from './bench-report.js';
import { SYSTEM_NAMES, startBenchSystems, type SystemName } from './bench-systems.js';
import { DEFAULT_SCENARIO_SIZES, runScenario, scenarioNames, SMOKE_SCENARIO_SIZES, systemsFor, type ScenarioRun, type ScenarioSizes } from './scenarios.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const HELP = `pnpm bench [flags]: hallway vs a minimal Redis relay vs Socket.IO, paired interleaved rounds.

  --smoke          every scenario tiny, one round; fails on any error (no timing checks)
  --rounds N       paired rounds (hallway, baseline, socketio, … per scenario)   [3]
  --duration S     measured seconds per run                                       [10]
  --only LIST      scenarios, e.g. echo-max,echo-2000,fanout,games,idle           [all]
  --systems LIST   hallway,baseline,socketio                                      [all]
  --profile        write V8 CPU profiles of every server process to bench/results/profile-<time>/
  --out FILE       JSON result                                                    [bench/results/<time>.json]
  --help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      only: { type: 'string' },
      systems: { type: 'string' },
      profile: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const smoke = values.smoke === true;
  const sizes: ScenarioSizes = { ...(smoke ? SMOKE_SCENARIO_SIZES : DEFAULT_SCENARIO_SIZES) };
  if (values.duration) sizes.durationMs = positive('duration', values.duration) * 1000;
  const rounds = smoke ? 1 : values.rounds ? positive('rounds', values.rounds) : 3;
  const all = scenarioNames(sizes);
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : all;
  for (const s of only) if (!all.includes(s as never)) throw new Error(`--only: unknown scenario "${s}" (known: ${all.join(', ')})`);
  const systemsWanted = (values.systems ? values.systems.split(',').map((s) => s.trim()) : SYSTEM_NAMES) as SystemName[];
  for (const s of systemsWanted) if (!SYSTEM_NAMES.includes(s)) throw new Error(`--systems: unknown system "${s}"`);

  const limit = openFileLimit();
  if (only.includes('idle') && limit !== undefined && limit < sizes.idleConnections + 2_000) {
    const fit = Math.max(100, limit - 2_000);
    console.error(`open-file limit ${limit} is too low for ${sizes.idleConnections} idle connections; using ${fit} (raise it with ulimit -n)`);
    sizes.idleConnections = fit;
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = `${repoRoot}bench/results`;
  const profileDir = values.profile ? `${resultsDir}/profile-${stamp}` : undefined;
  const out = values.out ?? `${resultsDir}/${smoke ? 'smoke-' : ''}${stamp}.json`;
  const loadBefore = loadavg();
  console.log(`hallway bench${smoke ? ' (smoke)' : ''}: ${rounds} round(s), ${sizes.durationMs / 1000} s per run; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

  const started = await startBenchSystems({ profileDir });
  const stopOnSignal = (): void => {
    void started.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const runs: ScenarioRun[] = [];
  let redisVersion = 'unknown';
  try {
    redisVersion = await readRedisVersion(started.redisUrl);
    const printer = progressPrinter(process.stderr, 5_000);
    for (let round = 1; round <= rounds; round++) {
      for (const scenario of only as ScenarioRun['scenario'][]) {
        // Paired and interleaved: the systems take turns on the same scenario in each round.
        for (const system of systemsFor(scenario).filter((s) => systemsWanted.includes(s))) {
          process.stderr.write(`round ${round}/${rounds}  ${scenario}  ${system}\n`);
          const run = await runScenario(scenario, started.systems[system], round, { sizes, onProgress: printer.update });
          printer.done();
          runs.push(run);
          const dead = started.exited();
          if (dead.length) throw new Error(`server processes died during ${scenario} on ${system}:\n${dead.join('\n')}`);
          console.log(
            `  ${scenario} ${system}: ${run.msgsPerSec.toFixed(0)}${scenario === 'idle' ? ' conns' : '/s'}, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, errors ${run.errors}`,
          );
        }
      }
    }
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await started.stop();
  }

  const ratioRows = ratios(runs);
  const targetRows = targets(runs, ratioRows);
  console.log(`\n${formatSummary(runs)}\n`);
  if (ratioRows.length) console.log(`${formatRatios(ratioRows)}\n`);
  if (!smoke) console.log(`${formatTargets(targetRows)}\n`);
  const loadAfter = loadavg();
  const result = {
    startedAt: stamp,
    smoke,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      node: process.version,
      redis: redisVersion,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
    },
    sizes,
    rounds,
    runs: runs.map(({ load, ...rest }) => ({ ...rest, load })),
    ratios: ratioRows,
    targets: smoke ? [] : targetRows,
    profileDir: profileDir ?? null,
  };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}${profileDir ? `; CPU profiles in ${profileDir}` : ''}`);

  if (smoke) {
    const failed = runs.filter((r) => r.errors > 0 || r.ok === 0);
    for (const f of failed) console.error(`smoke: ${f.scenario} on ${f.system} had ${f.errors} errors and ${f.ok} successes`);
    console.log(failed.length ? `smoke: ${failed.length} of ${runs.length} runs failed` : `smoke: all ${runs.length} runs completed without errors`);
    return failed.length ? 1 : 0;
  }
  return 0;
}

function positive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got "${v}"`);
  return n;
}

async function readRedisVersion(url: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // the rejected connect() below reports it
  try {
    await redis.connect();
    const info = await redis.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
