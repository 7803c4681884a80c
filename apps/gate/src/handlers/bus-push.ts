import { GatePushSchema } from '@hallway/protocol';
import { PreparedFrame } from '../frame-codec.js';
import type { GateContext } from '../gate-context.js';

/** Bus `gate.push {connIds, route, body}`: push to those connections (ids not here any more are skipped). */
export function handleBusPush(ctx: GateContext, body: unknown): void {
  const parsed = GatePushSchema.safeParse(body);
  if (!parsed.success) {
    ctx.log.warn({ issues: parsed.error.issues }, 'malformed gate.push dropped');
    return;
  }
  const frame = new PreparedFrame({ route: parsed.data.route, body: parsed.data.body });
  for (const connId of parsed.data.connIds) ctx.connections.get(connId)?.deliver(frame);
}
