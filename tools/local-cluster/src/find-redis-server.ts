import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The redis-server binary to start, or undefined when there is none: `bin` (a path, or
 * a name looked up on `searchPath`), else `redis-server` on `searchPath` (the PATH,
 * handed in by main.ts). Only PATH is searched, so "not installed" means what a user
 * expects: `redis-server` does not run from their shell.
 */
export function findRedisServer(searchPath: string, bin?: string): string | undefined {
  const name = bin ?? 'redis-server';
  if (name.includes('/')) return isExecutableFile(name) ? name : undefined;
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
