import { EmptyBodySchema } from '@hallway/protocol';
import { QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const CANCEL_MATCH_ROUTE = 'hall.cancelMatch';

/** `hall.cancelMatch {}`: leaves the quick-match queue; `cancelled` says whether the player was waiting. */
export async function cancelMatch(ctx: HallContext, raw: unknown): Promise<{ cancelled: boolean }> {
  const { session } = parseForwarded(EmptyBodySchema, raw, CANCEL_MATCH_ROUTE);
  return { cancelled: await ctx.store.leaveQueue(QUICK_MATCH_QUEUE, session.userId) };
}
