import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExitInfo } from './cluster-service.js';
import { RedisStartError } from './errors.js';
import { getFreePort } from './free-port.js';
import { killOnExit, removeOnExit } from './kill-on-exit.js';
import { LineSplitter } from './line-splitter.js';

export interface PrivateRedisOptions {
  /** The redis-server binary (see findRedisServer). */
  bin: string;
  /** @default 10000 */
  readyTimeoutMs?: number;
  /** Tries with a fresh free port when the chosen one was taken in between. @default 3 */
  startAttempts?: number;
}

export const DEFAULT_PRIVATE_REDIS_OPTIONS = { readyTimeoutMs: 10_000, startAttempts: 3 } as const;

/** A throwaway redis-server owned by the launcher. */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Its working directory, removed by `stop()`. */
  readonly dir: string;
  /** Resolves once the server has exited, asked to or not. */
  readonly exited: Promise<ExitInfo>;
  /** Its latest output lines, for error messages. */
  tail(): readonly string[];
  /** SIGTERM, SIGKILL after `timeoutMs`, then removes its directory. Idempotent. */
  stop(timeoutMs: number): Promise<void>;
}

const HOST = '127.0.0.1';
const TAIL_LINES = 20;

/**
 * Starts redis-server on a free port of 127.0.0.1, with no persistence (`--save ""`,
 * no AOF), in a fresh temp dir, and resolves once it answers. It runs in its own
 * process group, so a Ctrl-C meant for the launcher does not take Redis away while the
 * services are still shutting down on it.
 */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis> {
  const { bin, readyTimeoutMs, startAttempts } = { ...DEFAULT_PRIVATE_REDIS_OPTIONS, ...options };
  const dir = await mkdtemp(join(tmpdir(), 'hallway-local-redis-'));
  const forgetDir = removeOnExit(dir);
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await getFreePort(HOST);
      try {
        return await launch(bin, port, dir, readyTimeoutMs, forgetDir);
      } catch (err) {
        const taken = err instanceof RedisStartError && /address already in use/i.test(err.message);
        if (!taken || attempt >= startAttempts) throw err;
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw err;
  }
}

async function launch(bin: string, port: number, dir: string, readyTimeoutMs: number, forgetDir: () => void): Promise<PrivateRedis> {
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''];
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const recent: string[] = [];
  const keep = new LineSplitter((line) => {
    recent.push(line);
    if (recent.length > TAIL_LINES) recent.shift();
  });
  child.stdout.on('data', (chunk: Buffer) => keep.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => keep.push(chunk));
  child.stdout.on('error', () => undefined);
  child.stderr.on('error', () => undefined);
  child.on('error', () => undefined); // a failed spawn rejects `once(child, 'spawn')` below
  try {
    await once(child, 'spawn');
  } catch (err) {
    throw new RedisStartError(`could not run ${bin}: ${(err as Error).message}`, { cause: err });
  }
  const forget = killOnExit(child);
  let running = true;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      running = false;
      forget();
      keep.flush();
      resolve({ code, signal });
    });
  });

  const stop = async (timeoutMs: number): Promise<void> => {
    if (running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
    forgetDir();
  };
  let stopping: Promise<void> | undefined;
  const handle: PrivateRedis = {
    url: `redis://${HOST}:${port}`,
    port,
    pid: child.pid ?? 0,
    dir,
    exited,
    tail: () => recent,
    stop: (timeoutMs) => (stopping ??= stop(timeoutMs)),
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!running) {
      await exited;
      throw new RedisStartError(`${bin} exited before it answered on ${HOST}:${port}:\n${recent.join('\n')}`);
    }
    if (await answersAs(port, child.pid)) return handle;
    if (Date.now() > deadline) {
      await killChild(child, exited);
      throw new RedisStartError(`${bin} did not answer on ${HOST}:${port} within ${readyTimeoutMs} ms:\n${recent.join('\n')}`);
    }
    await sleep(50);
  }
}

async function killChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  child.kill('SIGKILL');
  await exited;
}

/**
 * Asks `INFO server` over a raw TCP connection (the launcher needs no Redis client) and
 * checks the answer comes from our process: if another program took the port in
 * between, ours exits while theirs would answer.
 */
function answersAs(port: number, pid: number | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 500);
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.startsWith('-')) return done(false); // e.g. -LOADING
      const match = /\r\nprocess_id:(\d+)\r\n/.exec(reply);
      if (match) done(Number(match[1]) === pid);
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}
