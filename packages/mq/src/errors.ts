/**
 * Every error @hallway/mq throws. Each has a stable `name` and `code`; messages say
 * what to change. Causes are chained with `cause`.
 */
export class MqError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Publishing to a server that is not in this bus's publish-permission list. */
export class ChannelNotPermittedError extends MqError {
  constructor(
    readonly target: string,
    readonly permitted: readonly string[],
  ) {
    super(
      'CHANNEL_NOT_PERMITTED',
      `publishing to "${target}" is not permitted: it is not in this server's permission list ` +
        `(${permitted.length ? permitted.join(', ') : 'empty'}). The observer grants it once "${target}" is registered ` +
        `and its type is in the permission table for this server's type.`,
    );
  }
}

/** No reply within the request's timeout. */
export class RequestTimeoutError extends MqError {
  constructor(
    readonly target: string,
    readonly route: string,
    readonly timeoutMs: number,
  ) {
    super(
      'REQUEST_TIMEOUT',
      `no reply from "${target}" to "${route}" within ${timeoutMs} ms; the server may be down, overloaded, or the ` +
        `message was lost (Redis pub/sub is at-most-once). Retry if the route is idempotent.`,
    );
  }
}

/** Redis is unreachable (or the bus is starting/reconnecting): publish fails fast. */
export class BusUnavailableError extends MqError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('BUS_UNAVAILABLE', `the bus is not connected to Redis (${reason}); nothing was sent. Retry once the bus is up.`, options);
  }
}

/** The bus was closed; nothing more can be sent or awaited. */
export class BusClosedError extends MqError {
  constructor() {
    super('BUS_CLOSED', 'the bus is closed; create a new one to send again.');
  }
}

/** An envelope larger than `maxPayloadBytes` was about to be published. */
export class PayloadTooLargeError extends MqError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('PAYLOAD_TOO_LARGE', `message of ${bytes} bytes exceeds maxPayloadBytes (${limit}); send less or raise the limit.`);
  }
}

/** Too many requests awaiting replies (`maxPendingRequests`). */
export class TooManyPendingRequestsError extends MqError {
  constructor(readonly limit: number) {
    super('TOO_MANY_PENDING_REQUESTS', `${limit} requests are already awaiting replies; wait for some or raise maxPendingRequests.`);
  }
}

/**
 * The remote handler answered with an error. `code` is the remote's code (for example
 * `USER_OFFLINE`, or `OVERLOADED` when the remote shed the request).
 */
export class RemoteError extends MqError {
  constructor(
    code: string,
    message: string,
    readonly from: string,
  ) {
    super(code, message);
  }
}

/**
 * Throw this from a request handler to answer with a specific error code; any other
 * thrown error is answered as `INTERNAL` (and logged) so internals never leak.
 */
export class HandlerError extends MqError {}
