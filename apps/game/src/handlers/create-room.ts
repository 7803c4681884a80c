import { GameCreateRoomSchema, InternalRoute, type RoomInfo } from '@hallway/protocol';
import type { GameContext } from '../game-context.js';
import { parseBody } from '@hallway/runtime';

const DEFAULT_ROOM_NAME = 'Tic-tac-toe';

/**
 * `game.createRoom` (request from a hall): a room for one player (waiting for an
 * opponent) or two (playing at once, the first is X). Each player's connection is bound
 * to the room (`hall.matched`), then everyone gets the state.
 */
export async function createRoom(ctx: GameContext, raw: unknown): Promise<RoomInfo> {
  ctx.assertOpen();
  const body = parseBody(GameCreateRoomSchema, raw, InternalRoute.gameCreateRoom);
  const room = ctx.open(body.name.trim() || DEFAULT_ROOM_NAME, body.players);
  // The store first: once a player hears `hall.matched`, every hall must see the room.
  // Room before user → room: a hall that finds a user's room id must find the room.
  await ctx.mirror.sync(room.roomId);
  await Promise.all(room.present().map((p) => ctx.saveUserRoom(p.userId, room.roomId)));
  await Promise.all(room.present().map((p) => ctx.bindToRoom(room, p)));
  await ctx.pushState(room);
  ctx.log.info({ roomId: room.roomId, players: room.present().map((p) => p.userId) }, 'room created');
  return room.info(ctx.serverId);
}
