import { EmptyBodySchema } from '@hallway/protocol';
import type { GameContext } from '../game-context.js';
import { parseForwarded } from '@hallway/runtime';

export const LEAVE_ROUTE = 'game.leave';

/**
 * `game.leave {}`: back to the lobby (`gate.bind` to no game, push `game.left`). Leaving
 * a running game forfeits it; the last player out closes the room.
 */
export async function leave(ctx: GameContext, raw: unknown): Promise<Record<string, never>> {
  const { session } = parseForwarded(EmptyBodySchema, raw, LEAVE_ROUTE);
  const { room, player } = ctx.seatOf(session);
  await ctx.remove(room, player, 'left');
  return {};
}
