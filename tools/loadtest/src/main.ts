#!/usr/bin/env node
// The load-test CLI: parses flags, runs the bots, prints the report (and writes JSON).
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SystemKind, WireFormat } from './bot-connection.js';
import { formatReport, progressPrinter } from './format-report.js';
import { openFileLimit } from './open-file-limit.js';
import { parseMix } from './parse-mix.js';
import { DEFAULT_LOAD_TEST_OPTIONS, runLoadTest } from './run-load-test.js';

const HELP = `hallway-loadtest: N bots that log in, echo, chat, quick-match and play tic-tac-toe.

  --url URL        gate URL; repeat (or comma-separate) for several gates   [ws://127.0.0.1:8000/]
  --bots N         number of bots                                              [${DEFAULT_LOAD_TEST_OPTIONS.bots}]
  --duration S     measured seconds                                            [${DEFAULT_LOAD_TEST_OPTIONS.durationMs / 1000}]
  --warmup S       unmeasured seconds before                                   [${DEFAULT_LOAD_TEST_OPTIONS.warmupMs / 1000}]
  --mix SPEC       scenario weights, e.g. echo=8,chat=1,game=1 (echo|chat|game|idle)   [echo]
  --rate N         open loop: N requests/s in all over the echo/chat bots; omit for closed loop
  --think MS       closed loop: pause between a reply and the next request    [0]
  --format F       json | msgpack                                              [json]
  --kind K         hallway | relay | socketio (what the URL speaks)            [hallway]
  --json FILE      also write the result as JSON
  --help

Note: a gate limits each connection to RATE_LIMIT_PER_SEC (default 50) requests/s; a
closed loop with a fast cluster goes past it (RATE_LIMITED errors) unless --think or
--rate keeps each bot below it, or the gate runs with a higher limit.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', multiple: true },
      bots: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      mix: { type: 'string' },
      rate: { type: 'string' },
      think: { type: 'string' },
      format: { type: 'string' },
      kind: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const num = (name: string, v: string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a non-negative number, got "${v}"`);
    return n;
  };
  const format = (values.format ?? 'json') as WireFormat;
  if (format !== 'json' && format !== 'msgpack') throw new Error(`--format: json or msgpack, got "${format}"`);
  const kind = (values.kind ?? 'hallway') as SystemKind;
  if (!['hallway', 'relay', 'socketio'].includes(kind)) throw new Error(`--kind: hallway, relay or socketio, got "${kind}"`);
  const urls = (values.url ?? DEFAULT_LOAD_TEST_OPTIONS.urls).flatMap((u) => u.split(',')).filter(Boolean);
  const bots = num('bots', values.bots, DEFAULT_LOAD_TEST_OPTIONS.bots);
  const limit = openFileLimit();
  if (limit !== undefined && bots + 100 > limit) {
    console.error(`warning: ${bots} bots need ${bots} open files but the limit is ${limit}; raise it first (ulimit -n ${bots + 1000})`);
  }
  const printer = progressPrinter(process.stderr);
  const result = await runLoadTest({
    urls,
    kind,
    format,
    bots,
    durationMs: num('duration', values.duration, DEFAULT_LOAD_TEST_OPTIONS.durationMs / 1000) * 1000,
    warmupMs: num('warmup', values.warmup, DEFAULT_LOAD_TEST_OPTIONS.warmupMs / 1000) * 1000,
    mix: values.mix ? parseMix(values.mix) : DEFAULT_LOAD_TEST_OPTIONS.mix,
    rate: values.rate === undefined ? undefined : num('rate', values.rate, 0),
    thinkMs: num('think', values.think, 0),
    onProgress: printer.update,
  });
  printer.done();
  console.log(formatReport(result));
  if (values.json) {
    await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${values.json}`);
  }
  if (result.connected === 0 || result.totals.ok === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`loadtest: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
