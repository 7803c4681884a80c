import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnExit } from './cleanup-on-exit.js';
import { isRedisReady } from './is-redis-ready.js';
import { readTail } from './read-tail.js';
import { RedisNotInstalledError } from './redis-not-installed-error.js';
import { RedisStartError } from './redis-start-error.js';

/** Internal: spawn one redis-server (plain or sentinel) and wait until it answers. */
export interface LaunchRedisServerOptions {
  bin: string;
  args: readonly string[];
  host: string;
  port: number;
  /** The log file the args point redis at; its tail goes into start errors. */
  logFile: string;
  readyTimeoutMs: number;
}

/** Internal: one running redis-server process. */
export interface RedisServerProcess {
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<void>;
  isRunning(): boolean;
  /** Sends a signal if the process is still running. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM (after SIGCONT, in case it is paused), then SIGKILL after `graceMs`; resolves on exit. */
  terminate(graceMs: number): Promise<void>;
}

/** How much of stdout/stderr to keep: config errors go there before the log file opens. */
const OUTPUT_KEEP_CHARS = 4096;

export async function launchRedisServer(options: LaunchRedisServerOptions): Promise<RedisServerProcess> {
  const { bin, args, host, port, logFile, readyTimeoutMs } = options;
  const child = spawn(bin, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  try {
    await once(child, 'spawn');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') throw new RedisNotInstalledError(`could not execute ${bin}: ${code}`);
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new RedisNotInstalledError(`could not execute ${bin}: no pid`);

  let running = true;
  // Aborts a readiness probe in flight: if the port belongs to someone else who never
  // answers, the probe would otherwise sit out its whole timeout after our exit.
  const exitAbort = new AbortController();
  // Registered before anything can throw, so even a half-started server dies with us.
  const forget = cleanupOnExit(() => {
    if (running) child.kill('SIGKILL');
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running = false;
      exitAbort.abort();
      forget();
      resolve();
    });
  });
  // The pipes must not keep the test process alive; the exit hook kills the child instead.
  child.unref();
  // Pipes to a child are net.Sockets, typed as plain Readables.
  (child.stdout as Socket).unref();
  (child.stderr as Socket).unref();
  child.on('error', () => {
    // Only kill() failures land here after spawn; the exit hook and state cover them.
  });

  const signal = (sig: NodeJS.Signals): void => {
    if (running) child.kill(sig);
  };
  const terminate = async (graceMs: number): Promise<void> => {
    if (!running) return;
    // A stopped (SIGSTOP) process only acts on SIGTERM once continued.
    signal('SIGCONT');
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const handle: RedisServerProcess = { pid, exited, isRunning: () => running, signal, terminate };

  const failure = async (message: string, kind: 'exited' | 'timeout'): Promise<RedisStartError> => {
    const logTail = [await readTail(logFile), output.trim()].filter((part) => part !== '').join('\n');
    return new RedisStartError(message, kind, port, logTail);
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!running) {
      throw await failure(
        `${bin} for ${host}:${port} exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)}) before it answered`,
        'exited',
      );
    }
    const probeMs = Math.min(1000, Math.max(deadline - Date.now(), 50));
    if (await isRedisReady(host, port, pid, probeMs, exitAbort.signal)) return handle;
    if (Date.now() >= deadline) {
      child.kill('SIGKILL');
      await exited;
      throw await failure(`${bin} for ${host}:${port} did not answer within ${readyTimeoutMs} ms`, 'timeout');
    }
    await sleep(25);
  }
}
