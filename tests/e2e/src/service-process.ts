import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type AppName = 'observer' | 'gate' | 'hall' | 'game';

/**
 * One hallway service as a real child process: `node apps/<app>/dist/main.js` with the
 * given environment, exactly as `docker compose` or `pnpm start` would run it.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly app: AppName,
    readonly env: Record<string, string>,
    readonly label: string = app,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exitInfo;
  }

  /** The last lines the process printed (stdout and stderr), for failure messages. */
  logs(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  start(): this {
    this.exitInfo = undefined;
    const child = spawn(process.execPath, [`apps/${this.app}/dist/main.js`], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line) this.output.push(line);
      if (this.output.length > 2000) this.output = this.output.slice(-1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => (this.exitInfo = { code, signal }));
    // A spawn that fails (bad cwd, EAGAIN) emits 'error' and never 'exit'.
    child.on('error', (err) => {
      this.output.push(`spawn failed: ${err.message}`);
      this.exitInfo ??= { code: null, signal: null };
      child.emit('exit', null, null);
    });
    return this;
  }

  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  /** Sends `sig` and waits for the process to exit (SIGKILL after `timeoutMs`). */
  async stop(sig: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || this.exitInfo) return this.exitInfo ?? { code: null, signal: null };
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const [code, signal] = await exited;
    clearTimeout(timer);
    return { code, signal };
  }
}
