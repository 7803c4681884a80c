/** The four hallway apps, as named in `apps/<app>`. */
export type AppName = 'observer' | 'gate' | 'hall' | 'game';

/** How a service ended: a child's exit code/signal; for an in-process service, code 0 or 1. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running service of the local cluster: a child process, or a runtime in this process. */
export interface ClusterService {
  readonly app: AppName;
  /** `hall#1`: the prefix of its log lines. */
  readonly label: string;
  /** The child's pid; undefined for a service running in the launcher's process. */
  readonly pid: number | undefined;
  /** Resolves (never rejects) once the service has ended, asked to or not. */
  readonly exited: Promise<ExitInfo>;
  /** Asks it to shut down cleanly and waits; forces it after `timeoutMs`. Idempotent. */
  stop(timeoutMs: number): Promise<ExitInfo>;
  /** Its most recent output lines (raw), for start-up failure messages. */
  tail(): readonly string[];
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal !== null ? `killed by ${signal}` : `exit code ${String(code)}`;
}
