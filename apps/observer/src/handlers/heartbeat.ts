import { HandlerError, type Handler } from '@hallway/mq';
import { HeartbeatSchema, OBSERVER_ID, serverTypeOf, type HeartbeatReply } from '@hallway/protocol';
import type { ObserverCore } from '../observer-core.js';
import { viewFor } from '../permission-table.js';

/**
 * `cluster.heartbeat`: registers or refreshes the sender and answers with its view
 * (permission list, the servers behind it, registry version), or `fenced` when a newer
 * epoch of its id is registered. A heartbeat whose body does not match its envelope
 * (another id or epoch) is refused: a server speaks only for itself.
 */
export function createHeartbeatHandler(core: ObserverCore): Handler {
  const { registry, table, metrics, log } = core;
  return (body, ctx): HeartbeatReply => {
    const parsed = HeartbeatSchema.safeParse(body);
    if (!parsed.success) {
      metrics.invalid.inc();
      log.warn({ from: ctx.from, err: parsed.error }, 'malformed heartbeat; refused');
      throw new HandlerError('INVALID_HEARTBEAT', `heartbeat does not match the schema: ${parsed.error.message}`);
    }
    const info = parsed.data;
    if (info.id === OBSERVER_ID || info.type === 'observer' || serverTypeOf(info.id) !== info.type || info.id !== ctx.from || info.epoch !== ctx.epoch) {
      metrics.invalid.inc();
      log.warn({ from: ctx.from, epoch: ctx.epoch, id: info.id, type: info.type, claimed: info.epoch }, 'heartbeat for another server or type; refused');
      throw new HandlerError('INVALID_HEARTBEAT', `a heartbeat must describe its sender (${ctx.from}, epoch ${ctx.epoch}) with a matching type`);
    }
    const outcome = registry.heartbeat(info);
    switch (outcome.status) {
      case 'fenced':
        metrics.fenced.inc();
        log.warn({ serverId: info.id, epoch: info.epoch, currentEpoch: outcome.currentEpoch }, 'stale epoch fenced');
        return { status: 'fenced', currentEpoch: outcome.currentEpoch };
      case 'ok':
        metrics.heartbeats.inc();
        if (outcome.change === 'joined') {
          log.info({ serverId: info.id, epoch: info.epoch }, 'server joined');
          core.membershipChanged({ joined: info, skip: info.id });
        } else if (outcome.change === 'replaced') {
          log.info({ serverId: info.id, epoch: info.epoch, previousEpoch: outcome.previous?.epoch }, 'server replaced by a new epoch');
          core.membershipChanged({ joined: info, removed: outcome.previous ? [outcome.previous] : [], reason: 'replaced', skip: info.id });
        }
        return { status: 'ok', update: viewFor(info, table, registry.servers(), registry.version) };
      default: {
        const never: never = outcome;
        return never;
      }
    }
  };
}
