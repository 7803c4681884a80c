#!/usr/bin/env node
// `pnpm play`: the terminal client. The only file that reads argv and the environment,
// handles signals and exits; everything else is in play.ts and the pure renderers.
import { createNodeClient } from '@hallway/client/node';
import { parseArgs, USAGE } from './config.js';
import { createPlay } from './play.js';

const parsed = parseArgs(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (parsed.kind === 'error') {
  process.stderr.write(`play: ${parsed.message}\n\n${USAGE}\n`);
  process.exit(2);
}
const { config } = parsed;

const client = createNodeClient({
  url: config.url,
  // A dropped connection comes back by itself, as the same user and into a running game.
  reconnect: { enabled: true, minDelayMs: 250, maxDelayMs: 5000 },
});
const play = createPlay({
  client,
  url: config.url,
  name: config.name,
  token: config.token,
  input: process.stdin,
  output: process.stdout,
  // Full screen only when a person is at a terminal; piped output stays plain lines.
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => play.quit(0));

const code = await play.run();
process.exitCode = code;
// Everything is closed by now and the process ends by itself; this only guards against
// a handle someone else left open.
setTimeout(() => process.exit(code), 2000).unref();
