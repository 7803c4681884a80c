import {
  BusClosedError,
  BusUnavailableError,
  ChannelNotPermittedError,
  HandlerError,
  RemoteError,
  RequestTimeoutError,
  type Handler,
} from '@hallway/mq';
import { ErrorCodeSchema, type ErrorCode } from '@hallway/protocol';
import { StoreClosedError, StoreUnavailableError } from '@hallway/store';

/**
 * Errors a service's bus handlers answer with. Everything a client may see is a
 * `HandlerError` with an `ErrorCode`, or a `RemoteError` passed on from another server
 * whose code is a client code (a game's ROOM_FULL reaching the player through the
 * hall); anything else thrown by a handler is a bug and reaches the client as `INTERNAL`
 * (the bus logs it).
 */
export function clientError(code: ErrorCode, message: string): HandlerError {
  return new HandlerError(code, message);
}

/** Outages (store or bus down, a server gone) become SERVER_UNAVAILABLE / TIMEOUT, not INTERNAL. */
export function toClientError(err: unknown): unknown {
  if (err instanceof HandlerError) return err;
  // Bus-level codes (NO_HANDLER, OVERLOADED from a peer) are not the client's business.
  if (err instanceof RemoteError) return ErrorCodeSchema.safeParse(err.code).success ? err : clientError('SERVER_UNAVAILABLE', err.message);
  if (err instanceof RequestTimeoutError) return clientError('TIMEOUT', err.message);
  if (
    err instanceof StoreUnavailableError ||
    err instanceof StoreClosedError ||
    err instanceof BusUnavailableError ||
    err instanceof BusClosedError ||
    err instanceof ChannelNotPermittedError
  ) {
    return clientError('SERVER_UNAVAILABLE', err.message);
  }
  return err;
}

/** Wraps a handler so that outages answer with their client-facing code. */
export function guarded(handler: Handler): Handler {
  return async (body, ctx) => {
    try {
      return await handler(body, ctx);
    } catch (err) {
      throw toClientError(err);
    }
  };
}
