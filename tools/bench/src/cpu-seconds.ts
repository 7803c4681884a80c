import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every Linux build that matters). */
const TICKS_PER_SEC = 100;

/**
 * CPU time (user + system) used so far by these processes, in seconds, from
 * /proc/<pid>/stat; a process that is gone counts 0. CPU per message is far steadier
 * than throughput on a shared, noisy machine: it does not drop because a neighbour ran.
 */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) — utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // not on Linux, or the process exited
    }
  }
  return ticks / TICKS_PER_SEC;
}
