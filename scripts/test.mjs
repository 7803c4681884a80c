#!/usr/bin/env node
// The project's one test command: lint, typecheck, build and every package's tests
// (through turbo), then one summary line across all packages.
// Tests run one package at a time: the fault tests measure recovery times on a
// 2-core machine and must not compete with each other for the CPU.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const groups = ['apps', 'packages', 'tools', 'tests'];
const resultFiles = groups
  .filter((g) => existsSync(join(root, g)))
  .flatMap((g) => readdirSync(join(root, g)).map((d) => join(root, g, d, '.test-results.json')));
for (const f of resultFiles) rmSync(f, { force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
const args = ['turbo', 'run', 'lint', 'typecheck', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)];
const run = spawnSync('pnpm', ['exec', ...args], { cwd: root, stdio: 'inherit', env });

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const f of resultFiles) {
  if (!existsSync(f)) continue;
  const r = JSON.parse(readFileSync(f, 'utf8'));
  files += 1;
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
const code = run.status ?? 1;
if (files === 0) {
  console.log('No test results were written: no package ran its tests.');
  process.exit(code === 0 ? 1 : code);
}
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 && code === 0 ? 1 : code);
