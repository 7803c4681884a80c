import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The built entry point, run exactly as `pnpm play` runs it. */
export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * `node tools/play/dist/main.js` as a child process with piped stdin and stdout (so it
 * runs in plain mode): a test writes lines and waits for what it prints.
 */
export class PlayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly label: string,
    args: string[],
    env: Record<string, string> = {},
  ) {
    this.child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = once(this.child, 'exit').then(([code]) => (this.exitCode = code as number | null));
  }

  /** Everything printed so far. */
  get output(): string {
    return this.stdout;
  }

  /** A position in the output, for `waitFor(…, since)`. */
  mark(): number {
    return this.stdout.length;
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until the output after `since` matches; returns the match. */
  async waitFor(pattern: RegExp | string, since = 0, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.stdout.slice(since).match(re);
      if (found) return found;
      if (this.exitCode !== undefined || Date.now() > deadline) {
        const why = this.exitCode !== undefined ? `exited with ${this.exitCode}` : `not within ${timeoutMs} ms`;
        throw new Error(`${this.label}: ${re} ${why}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits for the process to end by itself; SIGKILL after `timeoutMs`. */
  async exit(timeoutMs = 10_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cleanup: kills the process if a failed test left it running. */
  async kill(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
