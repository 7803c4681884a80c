import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectNode, type HallwayClient } from '@hallway/client/node';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

/**
 * `node tools/local-cluster/dist/main.js` as a real child process, as `pnpm start` runs
 * it, with its whole output kept for assertions and failure messages.
 */
export class Launcher {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('error', (err) => (this.output += `\n[spawn error] ${err.message}\n`));
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Waits until the output matches `pattern` (failing early if the launcher exits). */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (exited || Date.now() > deadline) {
        throw new Error(`${exited ? 'the launcher exited' : 'timed out'} before its output matched ${String(pattern)}:\n${this.output.slice(-6000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The pids of the launcher's direct children (services and redis-server), from `ps`. */
  async childPids(): Promise<number[]> {
    const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=']);
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([, ppid]) => ppid === this.pid)
      .map(([pid]) => pid ?? 0);
  }

  /** The command line of `pid`, from `ps`. */
  static async commandOf(pid: number): Promise<string> {
    const { stdout } = await run('ps', ['-o', 'args=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
    return stdout.trim();
  }

  /**
   * The test's clean-up: if the launcher still runs (a test failed half-way), SIGINT it
   * and wait; if even that fails, SIGKILL it and its children (they run in their own
   * process groups, so nothing else would).
   */
  async dispose(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const children = await this.childPids().catch(() => []);
    this.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([this.exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 15_000)))]);
    clearTimeout(timer);
    if (exited) return;
    this.child.kill('SIGKILL');
    for (const pid of children.filter(isAlive)) process.kill(pid, 'SIGKILL');
    await this.exited;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function connectPlayer(url: string, name: string): Promise<HallwayClient> {
  const client = await connectNode({ url, requestTimeoutMs: 10_000 });
  await client.login({ name });
  return client;
}

/** Resolves with the first push on `route` whose body matches, after this call. */
export function nextPush<T>(client: HallwayClient, route: string, match: (body: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const handler = (body: unknown): void => {
      if (!match(body as T)) return;
      clearTimeout(timer);
      client.off(route, handler);
      resolve(body as T);
    };
    const timer = setTimeout(() => {
      client.off(route, handler);
      reject(new Error(`no "${route}" push within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on(route, handler);
  });
}
