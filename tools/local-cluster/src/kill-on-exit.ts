import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Children still running when the launcher exits (an uncaught error, process.exit
 * elsewhere) are SIGKILLed. They run in their own process groups (so that Ctrl-C
 * reaches only the launcher, which stops them in order), which also means nobody else
 * would stop them. One 'exit' listener serves every child.
 */
const live = new Set<ChildProcess>();
let installed = false;

export function killOnExit(child: ChildProcess): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
  }
  live.add(child);
  return () => {
    live.delete(child);
  };
}

/**
 * Removes `dir` (the private Redis's temp dir) if the launcher exits before stopping
 * Redis itself; returns a function that cancels it once the dir is gone.
 */
export function removeOnExit(dir: string): () => void {
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
  };
}
