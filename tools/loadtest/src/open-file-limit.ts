import { readFileSync } from 'node:fs';

/**
 * This process's soft limit on open files (Linux: /proc/self/limits), or undefined
 * where it cannot be read. Node cannot raise it itself; each connection needs one
 * descriptor, so 10k sockets need `ulimit -n` above 10k before starting.
 */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined ? undefined : soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return undefined;
  }
}
