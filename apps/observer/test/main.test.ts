import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getFreePort, startRedis, type RedisHandle } from '@hallway/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../src/cluster-snapshot.js';
import { uniquePrefixes, waitFor } from './helpers.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let redis: RedisHandle;
const children: ChildProcess[] = [];

function run(env: Record<string, string>): Run {
  // Only what the test sets (plus PATH): the test runner's own environment must not leak in.
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const result: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
  return result;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await redis?.stop();
});

describe('node dist/main.js', () => {
  it('exits 1 and names the variable on bad config', async () => {
    const r = run({ HTTP_PORT: 'abc', DEAD_AFTER_MS: '10', REDIS_URL: redis.url });
    const { code } = await r.exited;
    expect(code).toBe(1);
    expect(r.stderr).toContain('HTTP_PORT: expected an integer 0-65535, got "abc"');
    expect(r.stderr).toContain('DEAD_AFTER_MS');
  });

  it('serves /cluster and exits 0 within 10 s of SIGTERM', async () => {
    const port = await getFreePort();
    const r = run({ REDIS_URL: redis.url, HOST: '127.0.0.1', HTTP_PORT: String(port), HEARTBEAT_MS: '200', LOG_LEVEL: 'info', ...uniquePrefixes() });
    let snapshot: ClusterSnapshot | undefined;
    await waitFor(
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/cluster`);
          if (res.status !== 200) return false;
          snapshot = (await res.json()) as ClusterSnapshot;
          return true;
        } catch {
          return false;
        }
      },
      10_000,
      `GET /cluster on port ${port} (stderr: ${r.stderr})`,
    );
    expect(snapshot).toMatchObject({ servers: [], lists: {}, permissions: { gate: ['hall', 'game', 'observer'] } });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // JSON log lines on stdout.
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'service runtime started')).toMatchObject({ level: 'info', name: 'observer', serverId: 'observer', httpPort: port });

    const sent = Date.now();
    r.child.kill('SIGTERM');
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(r.stdout).toContain('shutdown complete');
  });
});
