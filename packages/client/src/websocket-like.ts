/**
 * The part of the standard WebSocket API the client uses. The browser's `WebSocket`,
 * Node 22+'s global one and the `ws` package's `WebSocket` all provide it, so the
 * client works with each without importing any.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

/**
 * A WebSocket constructor. Typed loosely on purpose: the DOM's and `ws`'s declarations
 * differ in details the client does not use, and both must be accepted as they are.
 */
export type WebSocketConstructor = new (url: string) => object;

/** `WebSocket.OPEN` in every implementation. */
export const WS_OPEN = 1;
