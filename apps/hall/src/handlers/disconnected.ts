import { InternalRoute, SessionRefSchema, type GamePlayerDisconnected } from '@hallway/protocol';
import { QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import { parseBody } from '@hallway/runtime';

/**
 * `hall.disconnected` (message from a gate): a logged-in connection closed. Only when
 * it still was the user's session (not one replaced by a newer login): the presence
 * goes, the queue entry goes, and a running game starts the rejoin grace period.
 */
export async function disconnected(ctx: HallContext, raw: unknown): Promise<void> {
  const session = parseBody(SessionRefSchema, raw, InternalRoute.hallDisconnected);
  ctx.sessionClosed(session);
  const released = await ctx.store.releasePresence(session.userId, session.connId);
  if (!released) return;
  await ctx.store.leaveQueue(QUICK_MATCH_QUEUE, session.userId);
  const roomId = await ctx.store.getUserRoom(session.userId);
  if (roomId === undefined) return;
  const room = await ctx.store.getRoom(roomId);
  if (!room || !ctx.isLive(room.game)) return;
  const notice: GamePlayerDisconnected = { roomId, userId: session.userId };
  await ctx.runtime.bus.publish(room.game, InternalRoute.gamePlayerDisconnected, notice, { key: roomId });
}
