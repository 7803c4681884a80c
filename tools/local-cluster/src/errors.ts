/**
 * Every error @hallway/local-cluster throws. Each has a stable `name` and `code`;
 * messages say what to do. Causes are chained with `cause`.
 */
export class LocalClusterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The command line or the environment does not describe a cluster (the message lists each problem). */
export class UsageError extends LocalClusterError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** An app's `dist/main.js` is missing: the workspace has not been built. */
export class NotBuiltError extends LocalClusterError {
  constructor(file: string) {
    super('NOT_BUILT', `${file} does not exist: build first (\`pnpm build\`; \`pnpm start\` builds on its own)`);
  }
}

/** A port the cluster needs (GATE_PORT…, OBSERVER_PORT) is taken. */
export class PortInUseError extends LocalClusterError {
  constructor(port: number, what: string, options?: { cause?: unknown }) {
    super('PORT_IN_USE', `port ${port} (${what}) is already in use: stop what holds it, or choose another port`, options);
  }
}

/** The private redis-server did not come up. */
export class RedisStartError extends LocalClusterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REDIS_START_FAILED', message, options);
  }
}

/** The cluster did not come up: a service exited during start-up, or the observer never listed everyone. */
export class ClusterStartError extends LocalClusterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CLUSTER_START_FAILED', message, options);
  }
}
