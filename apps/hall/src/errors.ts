import { BusClosedError, BusUnavailableError, ChannelNotPermittedError, HandlerError, RemoteError, RequestTimeoutError, type Handler } from '@hallway/mq';
import { ErrorCodeSchema, type ErrorCode } from '@hallway/protocol';
import { StoreClosedError, StoreUnavailableError } from '@hallway/store';

/**
 * The hall's errors. Everything a client may see is a `HandlerError` with an
 * `ErrorCode`, or a `RemoteError` passed on from a game server (its code is the game's
 * answer, e.g. ROOM_FULL); anything else thrown by a handler is a bug and reaches the
 * client as `INTERNAL` (the bus logs it).
 */
export function hallError(code: ErrorCode, message: string): HandlerError {
  return new HandlerError(code, message);
}

/** Outages (store or bus down, a server gone) become SERVER_UNAVAILABLE / TIMEOUT, not INTERNAL. */
export function toClientError(err: unknown): unknown {
  if (err instanceof HandlerError) return err;
  // A game's answer (ROOM_FULL…) is the client's answer; bus-level codes (NO_HANDLER) are not client codes.
  if (err instanceof RemoteError) return ErrorCodeSchema.safeParse(err.code).success ? err : hallError('SERVER_UNAVAILABLE', err.message);
  if (err instanceof RequestTimeoutError) return hallError('TIMEOUT', err.message);
  if (
    err instanceof StoreUnavailableError ||
    err instanceof StoreClosedError ||
    err instanceof BusUnavailableError ||
    err instanceof BusClosedError ||
    err instanceof ChannelNotPermittedError
  ) {
    return hallError('SERVER_UNAVAILABLE', err.message);
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

/**
 * Errors of a request to a game server that mean it never handled the request, so
 * another game server may be tried: not permitted (it just died), no handler yet,
 * shedding load, or shutting down. A timeout is not one: the room may exist.
 */
export function isNotHandled(err: unknown): boolean {
  if (err instanceof ChannelNotPermittedError) return true;
  return err instanceof RemoteError && ['NO_HANDLER', 'OVERLOADED', 'SERVER_UNAVAILABLE'].includes(err.code);
}
