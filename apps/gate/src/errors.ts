import { BusClosedError, BusUnavailableError, ChannelNotPermittedError, RemoteError, RequestTimeoutError, TooManyPendingRequestsError } from '@hallway/mq';
import type { ErrorCode } from '@hallway/protocol';

/**
 * Every error @hallway/gate throws. Each has a stable `name` and `code`; causes are
 * chained with `cause`.
 */
export class GateError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A request failed in a way the client is told about: the reply's `error.code`. Codes
 * from the hall or game server pass through unchanged, so any string is allowed.
 */
export class RouteError extends GateError {
  constructor(code: ErrorCode | (string & {}), message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * What a client is told when a request to a hall or game server fails on the bus.
 * Anything unexpected is returned as is, for the caller to answer INTERNAL and log.
 */
export function fromBusError(err: unknown, target: string): RouteError | unknown {
  if (err instanceof RemoteError) {
    // The server has no such route: to the client that is simply an unknown route.
    if (err.code === 'NO_HANDLER') return new RouteError('UNKNOWN_ROUTE', `${target} has no such route`, { cause: err });
    return new RouteError(err.code, err.message, { cause: err });
  }
  if (err instanceof RequestTimeoutError) return new RouteError('TIMEOUT', `${target} did not answer in time`, { cause: err });
  if (err instanceof BusUnavailableError || err instanceof ChannelNotPermittedError || err instanceof BusClosedError) {
    return new RouteError('SERVER_UNAVAILABLE', `${target} cannot be reached right now; retry shortly`, { cause: err });
  }
  // The gate has too many requests in flight: shed, like a server would.
  if (err instanceof TooManyPendingRequestsError) return new RouteError('OVERLOADED', 'the gate is overloaded; retry later', { cause: err });
  return err;
}

/** The WebSocket server could not listen (e.g. the port is taken). */
export class GateListenError extends GateError {
  constructor(host: string, port: number, cause: unknown) {
    super('LISTEN_FAILED', `the gate cannot listen on ${host}:${port}: ${(cause as Error).message}`, { cause });
  }
}
