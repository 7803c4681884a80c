/**
 * Every error @hallway/store throws. Each has a stable `name` and `code`; messages say
 * what to change. Causes are chained with `cause`.
 */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `acquireLease` with a `preferredId` that another holder has right now. */
export class LeaseTakenError extends StoreError {
  constructor(readonly serverId: string) {
    super(
      'LEASE_TAKEN',
      `server id "${serverId}" is leased by another running server; start without a preferred id to get a free one, ` +
        `or wait until that server stops (its lease expires unless renewed).`,
    );
  }
}

/** Every `<type><NNN>` id is leased (the numbers ran out): nothing was claimed. */
export class NoFreeIdError extends StoreError {
  constructor(
    readonly type: string,
    readonly max: number,
  ) {
    super('NO_FREE_ID', `all ${max} "${type}" server ids are leased; stop some servers or let dead ones' leases expire.`);
  }
}

/**
 * Redis is unreachable, not ready in time, or lost the connection while a command was
 * in flight. The operation may or may not have been applied; retry if it is idempotent.
 */
export class StoreUnavailableError extends StoreError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', `the store cannot reach Redis (${reason}). Retry once Redis is back.`, options);
  }
}

/** Redis answered a command with an error that is not an outage (a bug, or foreign data under the prefix). */
export class StoreCommandError extends StoreError {
  constructor(operation: string, options: { cause: unknown }) {
    super(
      'STORE_COMMAND_FAILED',
      `Redis rejected ${operation}: ${errorMessage(options.cause)}. Is another program writing keys under this store's keyPrefix?`,
      options,
    );
  }
}

/** The store was closed; create a new one. */
export class StoreClosedError extends StoreError {
  constructor() {
    super('STORE_CLOSED', 'the store is closed; create a new one to use it again.');
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
