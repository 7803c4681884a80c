import { z } from 'zod';

/**
 * Error codes a client can see in `{"ok": false, "error": {"code", "message"}}`.
 * docs/protocol.md describes each; codes are stable, messages are for humans.
 */
export const ErrorCodeSchema = z.enum([
  'BAD_FRAME', // not valid JSON / msgpack, or not a request object
  'BAD_REQUEST', // the body does not match the route's schema
  'UNKNOWN_ROUTE', // no such route
  'NOT_LOGGED_IN', // anything but gate.login / gate.ping before login
  'ALREADY_LOGGED_IN', // gate.login twice on one connection
  'AUTH_FAILED', // token missing, malformed, expired or with a bad signature
  'RATE_LIMITED', // too many messages per second
  'USER_OFFLINE', // whisper target not connected
  'NOT_BOUND', // no server of that type is bound to this connection (e.g. game.* outside a room)
  'SERVER_UNAVAILABLE', // no live server of the needed type, or the bus is down
  'TIMEOUT', // the bound server did not answer in time
  'ROOM_NOT_FOUND',
  'ROOM_FULL',
  'ALREADY_IN_ROOM',
  'NOT_IN_ROOM',
  'NOT_YOUR_TURN',
  'ILLEGAL_MOVE',
  'GAME_OVER',
  'OVERLOADED', // the server shed the request under load
  'INTERNAL', // a bug on our side; logged with details
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
