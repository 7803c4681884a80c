/**
 * Every error @hallway/runtime throws or reports. Each has a stable `name` and `code`;
 * messages say what to change. Causes are chained with `cause`.
 */
export class RuntimeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One bad environment variable: its name and what was expected of it. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * The environment does not describe a runnable service. The message lists every bad
 * variable (`HTTP_PORT: expected an integer 0-65535, got "abc"`), one per line.
 */
export class ConfigError extends RuntimeError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `  ${i.variable}: ${i.message}`);
    super('CONFIG_INVALID', `invalid configuration (fix these environment variables):\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/** The server id could not be leased in time (taken by a live server, or the store was unreachable). */
export class LeaseUnavailableError extends RuntimeError {
  constructor(serverId: string, waitedMs: number, hint: string, options?: { cause?: unknown }) {
    super('LEASE_UNAVAILABLE', `could not lease server id "${serverId}" within ${waitedMs} ms: ${hint}`, options);
  }
}

/**
 * The lease on this server's id was not renewed in time and may now belong to
 * another server: this process must stop at once (it is no longer `serverId`).
 */
export class LeaseLostError extends RuntimeError {
  constructor(readonly serverId: string) {
    super(
      'LEASE_LOST',
      `lease lost: the lease on "${serverId}" expired or was taken over (were heartbeats blocked longer than LEASE_TTL_MS, ` +
        `or did Redis lose its data?). Stop this process; a restart leases a fresh id.`,
    );
  }
}

/** The observer knows a newer server under this id: this process is a stale predecessor. */
export class FencedError extends RuntimeError {
  constructor(
    readonly serverId: string,
    readonly epoch: number,
    readonly currentEpoch: number,
  ) {
    super(
      'FENCED',
      `fenced: the observer has "${serverId}" registered with epoch ${currentEpoch}, newer than ours (${epoch}); ` +
        `another process runs under this id. Stop this process.`,
    );
  }
}

/** The runtime could not start (store, bus or HTTP server); everything it opened was closed again. */
export class StartupError extends RuntimeError {
  constructor(step: string, options: { cause: unknown }) {
    super('STARTUP_FAILED', `the service runtime failed to start (${step}): ${messageOf(options.cause)}`, options);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
