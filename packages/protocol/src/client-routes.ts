import { z } from 'zod';
import { RoomInfoSchema } from './internal.js';
import { ServerIdSchema } from './server-id.js';
import { PlayerNameSchema, UserIdSchema } from './session.js';

/**
 * Bodies of every client route and push. docs/protocol.md documents each with
 * examples; the gate and servers `safeParse` every body with these.
 */

// ---- gate.* (answered by the gate itself) -------------------------------------------

export const LoginBodySchema = z.object({
  name: PlayerNameSchema,
  /** HS256 JWT, required when the gate has an auth secret; `sub` is the user id. */
  token: z.string().max(4096).optional(),
  /** Resume token from a previous login reply: log in again as the same user. */
  resume: z.string().max(128).optional(),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const LoginReplySchema = z.object({
  userId: UserIdSchema,
  name: PlayerNameSchema,
  hall: ServerIdSchema,
  resume: z.string(),
  /** Present when the login put the player back into a running game. */
  room: z.object({ roomId: z.string(), game: ServerIdSchema }).optional(),
});
export type LoginReply = z.infer<typeof LoginReplySchema>;

export const PingBodySchema = z.object({ t: z.number() });

// ---- hall.* ---------------------------------------------------------------------

export const ChatBodySchema = z.object({ text: z.string().trim().min(1).max(500) });
export type ChatBody = z.infer<typeof ChatBodySchema>;

export const WhisperBodySchema = z.object({ to: UserIdSchema, text: z.string().trim().min(1).max(500) });
export type WhisperBody = z.infer<typeof WhisperBodySchema>;

export const FromSchema = z.object({ userId: UserIdSchema, name: PlayerNameSchema });

/** Push `hall.chat` (lobby) and `game.chat` (room). */
export const ChatPushSchema = z.object({ from: FromSchema, text: z.string(), ts: z.number() });
export type ChatPush = z.infer<typeof ChatPushSchema>;

/** Push `hall.whisper`. */
export const WhisperPushSchema = ChatPushSchema;

export const RoomsReplySchema = z.object({ rooms: z.array(RoomInfoSchema) });

export const CreateRoomBodySchema = z.object({ name: z.string().trim().min(1).max(64).optional() });
export const JoinRoomBodySchema = z.object({ roomId: z.string().min(1).max(64) });

/** Reply to `hall.quickMatch`: matched at once, or queued until an opponent comes. */
export const QuickMatchReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting') }),
  z.object({ status: z.literal('matched'), room: RoomInfoSchema }),
]);
export type QuickMatchReply = z.infer<typeof QuickMatchReplySchema>;

/** Push `hall.matched` (and the reply of create/join): the player is now in this room. */
export const MatchedPushSchema = z.object({ room: RoomInfoSchema });

// ---- game.* (tic-tac-toe) -----------------------------------------------------------

export const MoveBodySchema = z.object({ cell: z.number().int().min(0).max(8) });
export type MoveBody = z.infer<typeof MoveBodySchema>;

export const MarkSchema = z.enum(['X', 'O']);
export const CellSchema = MarkSchema.nullable();

/** Push `game.state` (after every change) and reply to `game.state` / `game.move`. */
export const GameStateSchema = z.object({
  roomId: z.string(),
  board: z.array(CellSchema).length(9),
  players: z.array(z.object({ userId: UserIdSchema, name: PlayerNameSchema, mark: MarkSchema, connected: z.boolean() })),
  /** Whose turn: a user id, or null when the game is not running. */
  turn: UserIdSchema.nullable(),
  status: z.enum(['waiting', 'playing', 'finished']),
  /** When finished: the winner's user id, or null for a draw / abandoned game. */
  winner: UserIdSchema.nullable(),
  /** Why it finished: `win`, `draw`, `forfeit` (opponent left or did not return in time). */
  result: z.enum(['win', 'draw', 'forfeit']).nullable(),
  moves: z.number().int().nonnegative(),
});
export type GameState = z.infer<typeof GameStateSchema>;

/** Push `game.left`: the player is back in the lobby. */
export const LeftPushSchema = z.object({ roomId: z.string(), reason: z.enum(['left', 'finished', 'server_down', 'kicked']) });

/** Push `gate.rebound`: the hall serving this player died; now served by `hall`. */
export const ReboundPushSchema = z.object({ hall: ServerIdSchema, previous: ServerIdSchema });

/** Push `gate.kicked`, sent just before the gate closes the socket. */
export const KickedPushSchema = z.object({ code: z.number(), reason: z.string() });
