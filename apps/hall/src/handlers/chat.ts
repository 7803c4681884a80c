import { ChatBodySchema, InternalRoute, type ChatPush, type GateBroadcast } from '@hallway/protocol';
import type { HallContext } from '../hall-context.js';
import { parseForwarded } from '@hallway/runtime';

export const CHAT_ROUTE = 'hall.chat';

/** `hall.chat {text}`: every player in the lobby, on every gate, gets `hall.chat {from, text, ts}`. */
export async function chat(ctx: HallContext, raw: unknown): Promise<Record<string, never>> {
  const { session, body } = parseForwarded(ChatBodySchema, raw, CHAT_ROUTE);
  const push: ChatPush = { from: { userId: session.userId, name: session.name }, text: body.text, ts: Date.now() };
  const broadcast: GateBroadcast = { route: CHAT_ROUTE, body: push, scope: 'lobby' };
  await ctx.runtime.bus.publishAll('gate', InternalRoute.gateBroadcast, broadcast);
  ctx.metrics.chats.inc();
  return {};
}
