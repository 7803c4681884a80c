import { InternalRoute, JoinRoomBodySchema, type RoomInfo } from '@hallway/protocol';
import { hallError } from '../errors.js';
import { playerOf, QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const JOIN_ROOM_ROUTE = 'hall.joinRoom';

/**
 * `hall.joinRoom {roomId}`: joins a room on its game server (the second player starts
 * the game). ROOM_NOT_FOUND for unknown or finished rooms and rooms of dead servers;
 * ROOM_FULL and ALREADY_IN_ROOM as the game server answers.
 */
export async function joinRoom(ctx: HallContext, raw: unknown): Promise<{ room: RoomInfo }> {
  const { session, body } = parseForwarded(JoinRoomBodySchema, raw, JOIN_ROOM_ROUTE);
  await ctx.assertNotInRoom(session.userId);
  const listed = await ctx.store.getRoom(body.roomId);
  if (!listed || listed.status === 'finished' || !ctx.isLive(listed.game)) {
    throw hallError('ROOM_NOT_FOUND', `no open room ${body.roomId}`);
  }
  await ctx.store.leaveQueue(QUICK_MATCH_QUEUE, session.userId);
  const room = await ctx.requestGame(listed.game, InternalRoute.gameJoinRoom, { roomId: body.roomId, player: playerOf(session) }, body.roomId);
  return { room };
}
