import { ChatBodySchema, type ChatPush } from '@hallway/protocol';
import { GamePush, type GameContext } from '../game-context.js';
import { parseForwarded } from '@hallway/runtime';

export const CHAT_ROUTE = 'game.chat';

/** `game.chat {text}`: push `game.chat {from, text, ts}` to everyone in the room (the sender too). */
export async function chat(ctx: GameContext, raw: unknown): Promise<Record<string, never>> {
  const { session, body } = parseForwarded(ChatBodySchema, raw, CHAT_ROUTE);
  const { room, player } = ctx.seatOf(session);
  const push: ChatPush = { from: { userId: player.userId, name: player.name }, text: body.text, ts: Date.now() };
  ctx.metrics.chats.inc();
  await ctx.notifier.push(room.reachable(), { route: GamePush.chat, body: push }, room.roomId);
  return {};
}
