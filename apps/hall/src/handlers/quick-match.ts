import { EmptyBodySchema, type QuickMatchReply, type SessionRef } from '@hallway/protocol';
import type { QueueEntry } from '@hallway/store';
import { hallError } from '../errors.js';
import { playerOf, QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const QUICK_MATCH_ROUTE = 'hall.quickMatch';

/** Stale queue entries skipped for one request before giving up. */
const MAX_STALE_ENTRIES = 10;

/**
 * `hall.quickMatch {}`: takes the longest-waiting player from the queue, or queues this
 * one (`{status: 'waiting'}`; `hall.matched` arrives when someone comes). A matched
 * pair gets a room on the least-loaded game server; the waiting player is X.
 *
 * The queue can hold entries of players who have gone since (a missed disconnect, a
 * replaced login): each taken entry is checked against the player's presence, and a
 * stale one is dropped for the next.
 */
export async function quickMatch(ctx: HallContext, raw: unknown): Promise<QuickMatchReply> {
  const { session } = parseForwarded(EmptyBodySchema, raw, QUICK_MATCH_ROUTE);
  await ctx.assertNotInRoom(session.userId);
  // Queueing a player no server can seat would only make them wait for nothing.
  if (!ctx.hasGameServer()) throw hallError('SERVER_UNAVAILABLE', 'no game server is available; try again shortly');
  const entry: QueueEntry = { userId: session.userId, name: session.name, gate: session.gate, connId: session.connId, at: Date.now() };
  for (let skipped = 0; skipped < MAX_STALE_ENTRIES; skipped += 1) {
    const opponent = await ctx.store.matchOrWait(QUICK_MATCH_QUEUE, entry, ctx.options.quickMatchTtlMs);
    if (!opponent) return { status: 'waiting' };
    if (!(await stillWaiting(ctx, opponent))) {
      ctx.log.debug({ userId: opponent.userId }, 'skipped a stale quick-match entry');
      continue;
    }
    const room = await ctx.placeRoom('Quick match', [playerOf(asSession(opponent)), playerOf(session)]);
    ctx.metrics.matches.inc();
    return { status: 'matched', room };
  }
  throw hallError('SERVER_UNAVAILABLE', 'the quick-match queue is busy; try again');
}

/** The entry's connection is still the player's session, on a live gate, and not in a room. */
async function stillWaiting(ctx: HallContext, entry: QueueEntry): Promise<boolean> {
  const presence = await ctx.store.getPresence(entry.userId);
  if (!presence || presence.connId !== entry.connId || presence.gate !== entry.gate || !ctx.isLive(entry.gate)) return false;
  return (await ctx.store.getUserRoom(entry.userId)) === undefined;
}

function asSession(entry: QueueEntry): SessionRef {
  return { userId: entry.userId, name: entry.name, gate: entry.gate, connId: entry.connId };
}
