/**
 * Synchronous clean-ups run when the test process ends, so a test that crashes or
 * forgets `stop()` does not leave redis-server processes or temp dirs behind.
 *
 * 'exit' alone is not enough: test runners end their workers with SIGTERM (vitest's
 * fork pool does), and a signal's default action skips 'exit' handlers. So the
 * clean-ups also run on SIGTERM, SIGINT and SIGHUP; if nothing else listens for that
 * signal, it is re-raised afterwards so the process still dies of it as it would have.
 * A SIGKILLed test process cannot clean up; its servers are left running.
 *
 * The registry lives on globalThis: test runners may evaluate this module several
 * times in one process, and one set of listeners is enough for all of them.
 */
interface Registry {
  readonly cleanups: Set<() => void>;
}

const KEY = Symbol.for('@hallway/testkit/cleanup-on-exit');
const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

function runAll(cleanups: Set<() => void>): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Ending anyway: one failed clean-up must not stop the others.
    }
  }
  cleanups.clear();
}

function registry(): Registry {
  const holder = globalThis as { [KEY]?: Registry };
  const existing = holder[KEY];
  if (existing !== undefined) return existing;

  const created: Registry = { cleanups: new Set() };
  holder[KEY] = created;
  process.once('exit', () => runAll(created.cleanups));
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      runAll(created.cleanups);
      if (process.listenerCount(signal) === 1) {
        // Ours was the only listener: restore the default action and let it happen.
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
  return created;
}

/**
 * Registers `cleanup` (which must be synchronous: exit and signal handlers cannot
 * await) and returns a function that unregisters it, to call once the resource is
 * released normally.
 */
export function cleanupOnExit(cleanup: () => void): () => void {
  const { cleanups } = registry();
  // Wrap so registering the same function twice still gives two independent entries.
  const entry = (): void => cleanup();
  cleanups.add(entry);
  return () => {
    cleanups.delete(entry);
  };
}
