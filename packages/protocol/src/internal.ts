import { z } from 'zod';
import { ClientRouteSchema } from './client-frames.js';
import { ServerIdSchema } from './server-id.js';
import { PlayerNameSchema, SessionRefSchema, UserIdSchema } from './session.js';

/**
 * Bus routes between gate, hall and game (ARCHITECTURE.md walks through each flow).
 *
 * A client request is forwarded on the bus under `client.<route>` (`client.hall.chat`)
 * as a request whose body is a `Forwarded`; the reply goes back to the gate, which
 * answers the client. Internal routes never start with `client.`, so a client can
 * never reach them.
 */
export const CLIENT_ROUTE_PREFIX = 'client.';
export function busRouteForClient(route: string): string {
  return CLIENT_ROUTE_PREFIX + route;
}

export const ForwardedSchema = z.object({
  session: SessionRefSchema,
  body: z.unknown(),
});
export type Forwarded = z.infer<typeof ForwardedSchema>;

export const InternalRoute = {
  // ---- gate → hall (requests) ----
  /** A connection logs in. Body `HallLogin`, reply `HallLoginReply`. */
  hallLogin: 'hall.login',
  /** A logged-in connection closed. Body `SessionRef`. Message. */
  hallDisconnected: 'hall.disconnected',

  // ---- hall/game → gate (messages) ----
  /** Push frames to connections on this gate. Body `GatePush`. */
  gatePush: 'gate.push',
  /** Push to every logged-in connection on this gate that is in the lobby. Body `GateBroadcast`. */
  gateBroadcast: 'gate.broadcast',
  /** Bind a connection to a game server (room) or back to the lobby. Body `GateBind`. */
  gateBind: 'gate.bind',
  /** Close a connection (e.g. the same user logged in elsewhere). Body `GateKick`. */
  gateKick: 'gate.kick',

  // ---- hall → game (requests) ----
  /** Create a room for these players. Body `GameCreateRoom`, reply `RoomInfo`. */
  gameCreateRoom: 'game.createRoom',
  /** Add a player to an existing room. Body `GameJoinRoom`, reply `RoomInfo`. */
  gameJoinRoom: 'game.joinRoom',
  /** A player with a room logged in again: reattach. Body `GameRejoin`, reply `RoomInfo`. */
  gameRejoin: 'game.rejoin',
  /** A player's connection dropped: start the rejoin grace period. Body `{userId, roomId}`. Message. */
  gamePlayerDisconnected: 'game.playerDisconnected',
} as const;

// ---- gate → hall ----------------------------------------------------------------

export const HallLoginSchema = z.object({
  gate: ServerIdSchema,
  connId: z.string().min(1).max(64),
  name: PlayerNameSchema,
  /** Set when the gate verified a JWT: its `sub`. */
  userId: UserIdSchema.optional(),
  /** A resume token from an earlier login: reclaims that (guest) identity. */
  resume: z.string().max(128).optional(),
});
export type HallLogin = z.infer<typeof HallLoginSchema>;

export const HallLoginReplySchema = z.object({
  userId: UserIdSchema,
  name: PlayerNameSchema,
  hall: ServerIdSchema,
  /** Opaque token to log in as the same user after a dropped connection. */
  resume: z.string(),
  /** Set when the player was put back into a running room (rejoin). */
  room: z.object({ roomId: z.string(), game: ServerIdSchema }).optional(),
});
export type HallLoginReply = z.infer<typeof HallLoginReplySchema>;

// ---- hall/game → gate -----------------------------------------------------------

export const PushFrameSchema = z.object({ route: ClientRouteSchema, body: z.unknown() });

export const GatePushSchema = z.object({
  /** Connection ids on the receiving gate. */
  connIds: z.array(z.string()).min(1).max(10_000),
  route: ClientRouteSchema,
  body: z.unknown(),
});
export type GatePush = z.infer<typeof GatePushSchema>;

export const GateBroadcastSchema = z.object({
  route: ClientRouteSchema,
  body: z.unknown(),
  /** `lobby`: every logged-in connection not bound to a game; `all`: every logged-in one. */
  scope: z.enum(['lobby', 'all']),
});
export type GateBroadcast = z.infer<typeof GateBroadcastSchema>;

export const GateBindSchema = z.object({
  connId: z.string(),
  userId: UserIdSchema,
  /** The game server now serving this connection's `game.*` routes, or null for the lobby. */
  game: ServerIdSchema.nullable(),
  roomId: z.string().nullable(),
  /** Optional push delivered right after the binding changed (so it is ordered after it). */
  push: PushFrameSchema.optional(),
});
export type GateBind = z.infer<typeof GateBindSchema>;

export const GateKickSchema = z.object({
  connId: z.string(),
  /** A close code from `CloseCode`. */
  code: z.number().int(),
  reason: z.string().max(120),
});
export type GateKick = z.infer<typeof GateKickSchema>;

// ---- hall → game ----------------------------------------------------------------

export const PlayerSchema = z.object({
  userId: UserIdSchema,
  name: PlayerNameSchema,
  gate: ServerIdSchema,
  connId: z.string(),
});
export type Player = z.infer<typeof PlayerSchema>;

export const RoomInfoSchema = z.object({
  roomId: z.string(),
  game: ServerIdSchema,
  kind: z.string(),
  name: z.string(),
  players: z.array(z.object({ userId: UserIdSchema, name: PlayerNameSchema })),
  capacity: z.number().int().positive(),
  status: z.enum(['waiting', 'playing', 'finished']),
  createdAt: z.number(),
});
export type RoomInfo = z.infer<typeof RoomInfoSchema>;

export const GameCreateRoomSchema = z.object({
  name: z.string().max(64),
  players: z.array(PlayerSchema).min(1),
});
export type GameCreateRoom = z.infer<typeof GameCreateRoomSchema>;

export const GameJoinRoomSchema = z.object({ roomId: z.string(), player: PlayerSchema });
export type GameJoinRoom = z.infer<typeof GameJoinRoomSchema>;

export const GameRejoinSchema = z.object({ roomId: z.string(), player: PlayerSchema });
export type GameRejoin = z.infer<typeof GameRejoinSchema>;

export const GamePlayerDisconnectedSchema = z.object({ roomId: z.string(), userId: UserIdSchema });
export type GamePlayerDisconnected = z.infer<typeof GamePlayerDisconnectedSchema>;
