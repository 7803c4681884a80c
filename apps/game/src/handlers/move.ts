import { MoveBodySchema, type GameState } from '@hallway/protocol';
import type { GameContext } from '../game-context.js';
import { parseForwarded } from '@hallway/runtime';

export const MOVE_ROUTE = 'game.move';

/** `game.move {cell}`: errors NOT_IN_ROOM, NOT_YOUR_TURN, ILLEGAL_MOVE, GAME_OVER; reply the new state. */
export async function move(ctx: GameContext, raw: unknown): Promise<GameState> {
  const { session, body } = parseForwarded(MoveBodySchema, raw, MOVE_ROUTE);
  const { room } = ctx.seatOf(session);
  room.move(session.userId, body.cell);
  ctx.metrics.moves.inc();
  await ctx.settle(room);
  return room.state();
}
