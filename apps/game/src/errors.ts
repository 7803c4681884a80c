import { BusClosedError, BusUnavailableError, ChannelNotPermittedError, HandlerError, RemoteError, RequestTimeoutError, type Handler } from '@hallway/mq';
import type { ErrorCode } from '@hallway/protocol';
import { StoreClosedError, StoreUnavailableError } from '@hallway/store';

/**
 * The game's errors. Everything a client may see is a `HandlerError` with an
 * `ErrorCode` (the bus answers it as `{code, message}`); anything else thrown by a
 * handler is a bug and reaches the client as `INTERNAL` (the bus logs it).
 */
export function gameError(code: ErrorCode, message: string): HandlerError {
  return new HandlerError(code, message);
}

/** Outages (store or bus down, a server gone) become SERVER_UNAVAILABLE / TIMEOUT, not INTERNAL. */
export function toClientError(err: unknown): unknown {
  if (err instanceof HandlerError || err instanceof RemoteError) return err;
  if (err instanceof RequestTimeoutError) return gameError('TIMEOUT', err.message);
  if (
    err instanceof StoreUnavailableError ||
    err instanceof StoreClosedError ||
    err instanceof BusUnavailableError ||
    err instanceof BusClosedError ||
    err instanceof ChannelNotPermittedError
  ) {
    return gameError('SERVER_UNAVAILABLE', err.message);
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
