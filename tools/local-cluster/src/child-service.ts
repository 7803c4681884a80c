import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Env } from '@hallway/runtime';
import type { AppName, ClusterService, ExitInfo } from './cluster-service.js';
import { killOnExit } from './kill-on-exit.js';
import { LineSplitter } from './line-splitter.js';
import type { ServiceLog } from './log-printer.js';

export interface ChildServiceOptions {
  app: AppName;
  /** `node <entry>`: the app's dist/main.js. */
  entry: string;
  cwd: string;
  /** The whole environment of the child. */
  env: Env;
  log: ServiceLog;
}

const TAIL_LINES = 30;

/**
 * One hallway service as a real child process, `node apps/<app>/dist/main.js`, exactly
 * as in production: its output goes line by line to its `ServiceLog`.
 */
export class ChildService implements ClusterService {
  readonly app: AppName;
  readonly label: string;
  readonly exited: Promise<ExitInfo>;
  private readonly recent: string[] = [];
  private exitInfo: ExitInfo | undefined;
  private stopping: Promise<ExitInfo> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    options: ChildServiceOptions,
  ) {
    this.app = options.app;
    this.label = options.log.label;
    const { log } = options;
    const keep = (line: string): void => {
      this.recent.push(line);
      if (this.recent.length > TAIL_LINES) this.recent.shift();
      log.line(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      const splitter = new LineSplitter(keep);
      stream?.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream?.on('end', () => splitter.flush());
      stream?.on('error', () => undefined); // the pipe dies with the child; 'close' reports the exit
    }
    const forget = killOnExit(child);
    // 'close' (not 'exit'): every line the child printed has been shown by then.
    this.exited = new Promise((resolve) => {
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        forget();
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** Spawns the child; rejects if it cannot be spawned at all. */
  static async start(options: ChildServiceOptions): Promise<ChildService> {
    const child = spawn(process.execPath, [options.entry], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C in a terminal signals the whole foreground group,
      // and the launcher wants to stop the services itself, gates first, Redis last.
      detached: true,
    });
    // Later 'error's (a failed kill) need a listener too; the exit is what matters.
    child.on('error', (err) => options.log.note(`process error: ${err.message}`, 'error'));
    await once(child, 'spawn');
    const service = new ChildService(child, options);
    options.log.note(`started ${options.app}, pid ${String(child.pid)}`);
    return service;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  tail(): readonly string[] {
    return this.recent;
  }

  /** SIGTERM (the apps shut down in order: drain, leave the cluster, release the id), SIGKILL after `timeoutMs`. */
  stop(timeoutMs: number): Promise<ExitInfo> {
    this.stopping ??= (async () => {
      if (this.exitInfo) return this.exitInfo;
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }
}
