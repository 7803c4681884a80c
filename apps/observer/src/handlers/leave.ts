import { HandlerError, type Handler } from '@hallway/mq';
import { LeaveSchema } from '@hallway/protocol';
import type { ObserverCore } from '../observer-core.js';

/**
 * `cluster.leave`: a server stopping on purpose is removed at once, so the others'
 * lists drop it without waiting for DEAD_AFTER_MS. Only the registered epoch of an id
 * may remove it (a late leave from a dead predecessor must not remove its successor).
 * Always answers `{}`: leaving twice, or after being declared dead, is fine.
 */
export function createLeaveHandler(core: ObserverCore): Handler {
  const { registry, metrics, log } = core;
  return (body, ctx) => {
    const parsed = LeaveSchema.safeParse(body);
    if (!parsed.success || parsed.data.id !== ctx.from) {
      metrics.invalid.inc();
      log.warn({ from: ctx.from, err: parsed.error }, 'malformed leave, or for another server; refused');
      throw new HandlerError('INVALID_LEAVE', 'a leave must be {id, epoch} of its sender');
    }
    const removed = registry.leave(parsed.data.id, parsed.data.epoch);
    if (removed) {
      log.info({ serverId: removed.id, epoch: removed.epoch }, 'server left');
      core.membershipChanged({ removed: [removed], reason: 'left' });
    }
    return {};
  };
}
