import { GateBroadcastSchema } from '@hallway/protocol';
import { PreparedFrame } from '../frame-codec.js';
import type { GateContext } from '../gate-context.js';

/**
 * Bus `gate.broadcast {route, body, scope}`: push to every logged-in connection
 * (`all`) or to those not in a game (`lobby`). Encoded once per frame kind.
 */
export function handleBusBroadcast(ctx: GateContext, body: unknown): void {
  const parsed = GateBroadcastSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn({ issues: parsed.error.issues }, 'malformed gate.broadcast dropped');
    return;
  }
  const { route, scope } = parsed.data;
  const frame = new PreparedFrame({ route, body: parsed.data.body });
  // Snapshot: a delivery can close a slow connection, which edits the table.
  for (const session of [...ctx.sessions.all()]) {
    if (scope === 'lobby' && session.game !== null) continue;
    ctx.connections.get(session.connId)?.deliver(frame);
  }
}
