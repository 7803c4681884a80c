import { GameRejoinSchema, InternalRoute, type RoomInfo } from '@hallway/protocol';
import { gameError } from '../errors.js';
import type { GameContext } from '../game-context.js';
import { parseBody } from '@hallway/runtime';

/**
 * `game.rejoin` (request from a hall, at login): the player is back, maybe on another
 * gate and connection. The seat follows the new connection, the grace period stops,
 * the connection is bound to the room again and everyone gets the state.
 * Errors: ROOM_NOT_FOUND, NOT_IN_ROOM (the seat was given up meanwhile).
 */
export async function rejoin(ctx: GameContext, raw: unknown): Promise<RoomInfo> {
  ctx.assertOpen();
  const { roomId, player: next } = parseBody(GameRejoinSchema, raw, InternalRoute.gameRejoin);
  const room = ctx.registry.get(roomId);
  if (!room) throw gameError('ROOM_NOT_FOUND', `no room ${roomId} on ${ctx.serverId}`);
  if (!room.player(next.userId)) throw gameError('NOT_IN_ROOM', `${next.userId} is no longer in room ${roomId}`);
  const player = room.reconnect(next);
  ctx.timers.cancelGrace(roomId, player.userId);
  await ctx.bindToRoom(room, player);
  await ctx.settle(room);
  ctx.log.info({ roomId, userId: player.userId }, 'player rejoined');
  return room.info(ctx.serverId);
}
