import type { ClusterChange } from '@hallway/runtime';
import type { HallContext } from '../hall-context.js';

/**
 * A gate left the cluster (crashed or shut down): its players are gone, but presence has
 * no TTL, so without this they would stay "online" for whispers and logins. Every hall
 * runs it; the store operation is idempotent and spares users who meanwhile logged in
 * on another gate.
 */
export async function gateRemoved(ctx: HallContext, change: ClusterChange): Promise<void> {
  for (const server of change.removed) {
    if (server.type !== 'gate') continue;
    ctx.gateGone(server.id);
    try {
      const released = await ctx.runtime.store.releaseGatePresence(server.id);
      ctx.log.info({ gate: server.id, released }, 'released the presence of a departed gate');
    } catch (err) {
      ctx.log.warn({ err, gate: server.id }, 'could not release the presence of a departed gate');
    }
  }
}
