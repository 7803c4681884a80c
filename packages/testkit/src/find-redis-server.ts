import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RedisNotInstalledError } from './redis-not-installed-error.js';

/** Searched after PATH, because test runners and CI images often start with a minimal PATH. */
const FALLBACK_DIRS = ['/usr/bin', '/usr/local/bin', '/usr/sbin', '/opt/homebrew/bin'];

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function searchDirs(name: string): string | undefined {
  // Reading PATH is the lookup itself, not configuration; REDIS_SERVER_BIN is the only knob.
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''), ...FALLBACK_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Resolves the `redis-server` binary: `bin` if given, else the `REDIS_SERVER_BIN`
 * environment variable, else `redis-server` on PATH, /usr/bin, /usr/local/bin,
 * /usr/sbin or /opt/homebrew/bin. A bare name (no `/`) is looked up the same way.
 *
 * @throws {RedisNotInstalledError} when nothing executable is found.
 */
export function findRedisServer(bin?: string): string {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  const explicit = bin ?? (fromEnv === '' ? undefined : fromEnv);
  const source = bin !== undefined ? 'the `bin` option' : 'REDIS_SERVER_BIN';
  if (explicit !== undefined) {
    if (explicit.includes('/')) {
      if (isExecutableFile(explicit)) return explicit;
      throw new RedisNotInstalledError(`${explicit}, from ${source}, is not an executable file`);
    }
    const found = searchDirs(explicit);
    if (found !== undefined) return found;
    throw new RedisNotInstalledError(`${explicit}, from ${source}, was not found on PATH or in ${FALLBACK_DIRS.join(', ')}`);
  }
  const found = searchDirs('redis-server');
  if (found !== undefined) return found;
  throw new RedisNotInstalledError(`redis-server was not found on PATH or in ${FALLBACK_DIRS.join(', ')}`);
}
