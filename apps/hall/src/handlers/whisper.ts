import { WhisperBodySchema, type ChatPush } from '@hallway/protocol';
import { hallError } from '../errors.js';
import type { HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const WHISPER_ROUTE = 'hall.whisper';

/** `hall.whisper {to, text}`: push `hall.whisper {from, text, ts}` to `to` wherever connected, or USER_OFFLINE. */
export async function whisper(ctx: HallContext, raw: unknown): Promise<Record<string, never>> {
  const { session, body } = parseForwarded(WhisperBodySchema, raw, WHISPER_ROUTE);
  const target = await ctx.store.getPresence(body.to);
  const push: ChatPush = { from: { userId: session.userId, name: session.name }, text: body.text, ts: Date.now() };
  // No presence, or a presence on a gate that died without releasing it: offline either way.
  if (!target || !(await ctx.pushTo(target, WHISPER_ROUTE, push))) throw hallError('USER_OFFLINE', `${body.to} is not online`);
  ctx.metrics.whispers.inc();
  return {};
}
