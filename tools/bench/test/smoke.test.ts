import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface SmokeResult {
  smoke: boolean;
  runs: { scenario: string; system: string; errors: number; ok: number }[];
}

describe('pnpm bench --smoke', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs every scenario on every system to the end without an error', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallway-bench-'));
    const out = join(dir, 'smoke.json');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(process.execPath, [main, '--smoke', '--out', out], { timeout: 110_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
      );
      child.stdin?.end();
    });
    expect(code, output).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8')) as SmokeResult;
    expect(result.smoke).toBe(true);
    const seen = result.runs.map((r) => `${r.scenario}/${r.system}`);
    for (const want of ['echo-max/hallway', 'echo-max/baseline', 'echo-max/socketio', 'echo-100/hallway', 'fanout/hallway', 'fanout/socketio', 'games/hallway', 'idle/hallway', 'idle/baseline']) {
      expect(seen).toContain(want);
    }
    for (const run of result.runs) {
      expect(run.errors, `${run.scenario} on ${run.system}`).toBe(0);
      expect(run.ok, `${run.scenario} on ${run.system}`).toBeGreaterThan(0);
    }
  });
});
