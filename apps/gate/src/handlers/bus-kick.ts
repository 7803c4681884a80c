import { GateKickSchema } from '@hallway/protocol';
import type { GateContext } from '../gate-context.js';

/** Bus `gate.kick {connId, code, reason}`: push `gate.kicked {code, reason}`, then close with `code`. */
export function handleBusKick(ctx: GateContext, body: unknown): void {
  const parsed = GateKickSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn({ issues: parsed.error.issues }, 'malformed gate.kick dropped');
    return;
  }
  const conn = ctx.connections.get(parsed.data.connId);
  if (!conn) return;
  conn.log.info({ code: parsed.data.code, reason: parsed.data.reason }, 'kicked');
  conn.kick(parsed.data.code, parsed.data.reason);
}
