import { EmptyBodySchema, type GameState } from '@hallway/protocol';
import type { GameContext } from '../game-context.js';
import { parseForwarded } from '@hallway/runtime';

export const STATE_ROUTE = 'game.state';

/** `game.state {}`: the whole state of the player's room (to resync after a lost push). */
export function state(ctx: GameContext, raw: unknown): GameState {
  const { session } = parseForwarded(EmptyBodySchema, raw, STATE_ROUTE);
  return ctx.seatOf(session).room.state();
}
