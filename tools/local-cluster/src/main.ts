#!/usr/bin/env node
// `pnpm start`: the only place that reads argv and the environment, handles signals and exits.
// Exit codes: 0 after Ctrl-C/SIGTERM (everything stopped), 1 when the cluster could not
// start, 2 for bad options, 130 when a second Ctrl-C forces the exit.
import { formatBanner } from './banner.js';
import { parseLocalClusterArgs, USAGE } from './config.js';
import { UsageError } from './errors.js';
import { startLocalCluster, type LocalCluster } from './local-cluster.js';

async function main(): Promise<void> {
  // A closed stdout (`pnpm start | head`, a terminal that went away) must not end the
  // launcher half-way through stopping the services: their output is just lost.
  process.stdout.on('error', () => undefined);
  let parsed;
  try {
    parsed = parseLocalClusterArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`local-cluster: ${err.message}\n`);
    return exit(2);
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return exit(0);
  }
  const { config } = parsed;
  const color = colourWanted();

  // Installed before anything starts, so a Ctrl-C during start-up stops what was started.
  const interrupted = new AbortController();
  let cluster: LocalCluster | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted.signal.aborted) {
      // The terminal closing while we stop (SIGHUP) is no reason to hurry: carry on.
      if (signal === 'SIGHUP') return;
      // Services run in their own process groups; the exit hook SIGKILLs whatever is left.
      process.stderr.write(`local-cluster: ${signal} again, forcing the exit\n`);
      return exit(130);
    }
    interrupted.abort();
    process.stdout.write(`\nlocal-cluster: ${signal}, stopping every service (${signal} again to force)…\n`);
    if (cluster) void cluster.stop().then(() => exit(0), fail);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  try {
    cluster = await startLocalCluster({
      gates: config.GATES,
      halls: config.HALLS,
      games: config.GAMES,
      gatePort: config.GATE_PORT,
      observerPort: config.OBSERVER_PORT,
      redisUrl: config.REDIS_URL,
      memory: config.BUS === 'memory',
      redisServerBin: config.REDIS_SERVER_BIN,
      searchPath: process.env.PATH ?? '',
      logLevel: config.LOG_LEVEL,
      env: process.env,
      output: process.stdout,
      color,
      abortSignal: interrupted.signal,
    });
  } catch (err) {
    if (interrupted.signal.aborted) return exit(0);
    return fail(err);
  }
  if (interrupted.signal.aborted) {
    await cluster.stop().catch(fail);
    return exit(0);
  }
  process.stdout.write(
    formatBanner({ backend: cluster.backend, urls: cluster.urls, counts: { gates: config.GATES, halls: config.HALLS, games: config.GAMES }, color }),
  );
}

/** NO_COLOR (https://no-color.org) wins, then FORCE_COLOR, then: is stdout a terminal? */
function colourWanted(): boolean {
  if ((process.env.NO_COLOR ?? '') !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return process.stdout.isTTY;
}

function fail(err: unknown): void {
  process.stderr.write(`local-cluster: ${err instanceof Error ? err.message : String(err)}\n`);
  exit(1);
}

/** Exits once stdout has taken everything written so far (a pipe may be asynchronous). */
function exit(code: number): void {
  if (!process.stdout.writable) process.exit(code);
  process.stdout.write('', () => process.exit(code));
}

main().catch(fail);
