/**
 * WebSocket close codes the gate uses. 1000–1015 are the standard's; 4000–4999 are
 * hallway's own. docs/protocol.md lists each with what a client should do.
 */
export const CloseCode = {
  /** Normal close (client asked, or gate.logout). */
  NORMAL: 1000,
  /** The gate is shutting down; reconnect (to another gate). */
  GOING_AWAY: 1001,
  /** A frame larger than the gate's `maxFrameBytes`. */
  MESSAGE_TOO_BIG: 1009,
  /** Internal error in the gate. */
  INTERNAL_ERROR: 1011,
  /** The same user logged in on another connection; do not auto-reconnect. */
  REPLACED: 4000,
  /** No successful gate.login within the login deadline. */
  LOGIN_TIMEOUT: 4001,
  /** Kept sending after being rate limited (flooding). */
  RATE_LIMITED: 4002,
  /** Too many malformed frames in a row. */
  PROTOCOL_ERROR: 4003,
  /** The client stopped reading and its outbound buffer passed the cap. */
  SLOW_CONSUMER: 4004,
  /** No pong to the gate's pings: the connection is considered dead. */
  PING_TIMEOUT: 4005,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
