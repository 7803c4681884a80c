import { GameJoinRoomSchema, InternalRoute, type RoomInfo } from '@hallway/protocol';
import { gameError } from '../errors.js';
import type { GameContext } from '../game-context.js';
import { parseBody } from '@hallway/runtime';

/**
 * `game.joinRoom` (request from a hall): seats the player; the second player starts the
 * game. Errors: ROOM_NOT_FOUND (no such room, or it finished), ROOM_FULL, ALREADY_IN_ROOM.
 */
export async function joinRoom(ctx: GameContext, raw: unknown): Promise<RoomInfo> {
  ctx.assertOpen();
  const { roomId, player: joining } = parseBody(GameJoinRoomSchema, raw, InternalRoute.gameJoinRoom);
  const room = ctx.registry.get(roomId);
  if (!room) throw gameError('ROOM_NOT_FOUND', `no room ${roomId} on ${ctx.serverId}`);
  const current = ctx.registry.roomOf(joining.userId);
  if (current && current !== room) throw gameError('ALREADY_IN_ROOM', `${joining.userId} is already in room ${current.roomId}`);
  const player = room.add(joining);
  ctx.registry.seat(player.userId, room);
  await ctx.mirror.sync(room.roomId);
  await ctx.saveUserRoom(player.userId, room.roomId);
  await ctx.bindToRoom(room, player);
  await ctx.pushState(room);
  return room.info(ctx.serverId);
}
