import { CreateRoomBodySchema, type RoomInfo } from '@hallway/protocol';
import { playerOf, QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const CREATE_ROOM_ROUTE = 'hall.createRoom';

/**
 * `hall.createRoom {name?}`: a room on the least-loaded live game server, with this
 * player waiting in it (the game server binds the connection and pushes `hall.matched`
 * and `game.state`). ALREADY_IN_ROOM when in one; SERVER_UNAVAILABLE without game servers.
 */
export async function createRoom(ctx: HallContext, raw: unknown): Promise<{ room: RoomInfo }> {
  const { session, body } = parseForwarded(CreateRoomBodySchema, raw, CREATE_ROOM_ROUTE);
  await ctx.assertNotInRoom(session.userId);
  // Picking a room is giving up on quick match.
  await ctx.store.leaveQueue(QUICK_MATCH_QUEUE, session.userId);
  const room = await ctx.placeRoom(body.name ?? `${session.name}'s room`, [playerOf(session)]);
  return { room };
}
