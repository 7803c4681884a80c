/** What `pnpm play` runs with, from argv and the environment (read only by main.ts). */
export interface PlayConfig {
  /** The gate's WebSocket URL. */
  url: string;
  /** The player name to log in with (1–32 characters). */
  name: string;
  /** A JWT for gates with AUTH_SECRET; from the environment only, so it never shows in `ps`. */
  token: string | undefined;
}

export type ParsedArgs = { kind: 'run'; config: PlayConfig } | { kind: 'help' } | { kind: 'error'; message: string };

export const DEFAULT_URL = 'ws://localhost:8000';

export const USAGE = `usage: pnpm play [--url ws://localhost:8000] [--name alice]

  --url URL    the gate to connect to (env HALLWAY_URL; default ${DEFAULT_URL})
  --name NAME  your player name, 1-32 characters (env HALLWAY_NAME; default $USER)
  -h, --help   this text

  env HALLWAY_TOKEN  a JWT for gates that require one (AUTH_SECRET)

Type /help once connected for the commands.`;

/**
 * Parses `--url`, `--name` (also as `--url=…`) and `--help`. Pure: argv without the
 * node and script paths, and the environment, are passed in.
 */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  let url = nonEmpty(env.HALLWAY_URL) ?? DEFAULT_URL;
  let name = nonEmpty(env.HALLWAY_NAME) ?? nonEmpty(env.USER) ?? 'player';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    // pnpm passes a literal `--` through when it is written before the arguments.
    if (arg === '--') continue;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag !== '--url' && flag !== '--name') return { kind: 'error', message: `unknown argument "${arg}"` };
    let value: string | undefined;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    if (flag === '--url') url = value;
    else name = value;
  }
  if (!/^wss?:\/\/./.test(url)) return { kind: 'error', message: `--url must be a ws:// or wss:// URL, got "${url}"` };
  name = name.trim();
  if (name.length < 1 || name.length > 32) return { kind: 'error', message: '--name must be 1-32 characters' };
  return { kind: 'run', config: { url, name, token: nonEmpty(env.HALLWAY_TOKEN) } };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
