import { GateBindSchema } from '@hallway/protocol';
import type { GateContext } from '../gate-context.js';

/** Bus `gate.bind {connId, userId, game, roomId, push?}`: rebind `game.*` (null: back to the lobby), then push. */
export function handleBusBind(ctx: GateContext, body: unknown): void {
  const parsed = GateBindSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn({ issues: parsed.error.issues }, 'malformed gate.bind dropped');
    return;
  }
  ctx.connections.get(parsed.data.connId)?.bind(parsed.data);
}
