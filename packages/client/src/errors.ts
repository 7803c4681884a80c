/**
 * Every error @hallway/client throws or rejects with. Each has a stable `name` and a
 * `code`; causes are chained with `cause`.
 */
export class HallwayClientError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The server answered the request with an error reply; `code` is the server's (e.g. `NOT_LOGGED_IN`). */
export class ClientRequestError extends HallwayClientError {
  constructor(
    code: string,
    message: string,
    readonly route: string,
    readonly requestId: number,
  ) {
    super(code, message);
  }
}

/** No reply within the request's timeout. The request may still have been handled. */
export class ClientTimeoutError extends HallwayClientError {
  constructor(
    readonly route: string,
    readonly timeoutMs: number,
  ) {
    super('CLIENT_TIMEOUT', `no reply to "${route}" within ${timeoutMs} ms; the request may or may not have been handled.`);
  }
}

/**
 * The connection is not open (never connected, closed, or reconnecting), or it closed
 * while the request was waiting. `closeCode`/`reason` are the WebSocket close code and
 * reason when known.
 */
export class ConnectionClosedError extends HallwayClientError {
  constructor(
    readonly closeCode: number | undefined,
    readonly reason: string,
  ) {
    super(
      'CONNECTION_CLOSED',
      closeCode === undefined ? `not connected (${reason})` : `connection closed with ${closeCode}${reason ? ` (${reason})` : ''}`,
    );
  }
}

/** `connect()` failed: the server refused, the URL is wrong, or it took longer than `connectTimeoutMs`. */
export class ConnectError extends HallwayClientError {
  constructor(
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('CONNECT_FAILED', `could not connect to ${url}: ${detail}`, options);
  }
}

/** The options cannot work (e.g. no WebSocket implementation in this environment). */
export class ClientConfigError extends HallwayClientError {
  constructor(message: string) {
    super('CLIENT_CONFIG', message);
  }
}
