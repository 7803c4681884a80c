import { EmptyBodySchema, type RoomInfo } from '@hallway/protocol';
import type { HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const ROOMS_ROUTE = 'hall.rooms';

/** Most rooms in one reply: the lobby list is for people, not an export. */
export const MAX_LISTED_ROOMS = 200;

/**
 * `hall.rooms {}`: open (waiting first, then oldest first) and running rooms on live
 * game servers; rooms of dead servers and finished games are left out.
 */
export async function rooms(ctx: HallContext, raw: unknown): Promise<{ rooms: RoomInfo[] }> {
  parseForwarded(EmptyBodySchema, raw, ROOMS_ROUTE);
  const all = await ctx.store.listRooms();
  const listed = all
    .filter((r) => r.status !== 'finished' && ctx.isLive(r.game))
    .sort((a, b) => statusRank(a) - statusRank(b) || a.createdAt - b.createdAt || a.roomId.localeCompare(b.roomId))
    .slice(0, MAX_LISTED_ROOMS);
  return { rooms: listed };
}

function statusRank(room: RoomInfo): number {
  return room.status === 'waiting' ? 0 : 1;
}
