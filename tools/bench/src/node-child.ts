import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A Node script as a child process that prints `ready` when it is up; keeps the last
 * lines it printed for error messages, and stops with SIGTERM (SIGKILL after a grace).
 */
export class NodeChild {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly label: string,
    script: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line) this.output.push(line);
      if (this.output.length > 500) this.output.splice(0, this.output.length - 200);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('exit', (code, signal) => (this.exitInfo = { code, signal }));
    // A spawn that fails emits 'error' and never 'exit': record it as an exit.
    this.child.on('error', (err) => {
      this.output.push(`spawn failed: ${err.message}`);
      this.exitInfo ??= { code: null, signal: null };
      this.child.emit('exit', null, null);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  logs(lines = 30): string {
    return this.output.slice(-lines).join('\n');
  }

  /** Resolves once the process printed `ready`; rejects if it exits first or takes over `timeoutMs`. */
  async ready(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('ready')) {
      if (this.exitInfo) throw new Error(`${this.label} exited (${JSON.stringify(this.exitInfo)}):\n${this.logs()}`);
      if (Date.now() > deadline) throw new Error(`${this.label} not ready within ${timeoutMs} ms:\n${this.logs()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.exitInfo || this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
