import { GamePlayerDisconnectedSchema, InternalRoute } from '@hallway/protocol';
import type { GameContext } from '../game-context.js';
import { parseBody } from '@hallway/runtime';

/**
 * `game.playerDisconnected` (message from a hall): the player's connection closed.
 * The seat is kept for the rejoin grace period; the others see `connected: false`.
 */
export async function playerDisconnected(ctx: GameContext, raw: unknown): Promise<void> {
  const { roomId, userId } = parseBody(GamePlayerDisconnectedSchema, raw, InternalRoute.gamePlayerDisconnected);
  const room = ctx.registry.get(roomId);
  const player = room?.player(userId);
  if (!room || !player) {
    ctx.log.debug({ roomId, userId }, 'disconnect for a player not in the room');
    return;
  }
  await ctx.disconnected(room, player);
}
