import type { ClusterChange } from '@hallway/runtime';
import { PreparedFrame } from './frame-codec.js';
import type { GateContext } from './gate-context.js';
import { pickHall } from './hall-picker.js';
import type { Session } from './session-table.js';

/**
 * Keeps bindings pointing at live servers when the cluster changes:
 * - a hall is gone → its players move to another live hall (rendezvous on the user id,
 *   so every gate moves a player to the same one) without closing their sockets, and
 *   get `gate.rebound {hall, previous}`; with no hall left they wait, unbound, until
 *   one appears;
 * - a game server is gone → its players are back in the lobby and get
 *   `game.left {roomId, reason: 'server_down'}`.
 */
export function onClusterChange(ctx: GateContext, change: ClusterChange): void {
  const halls = ctx.runtime.cluster.servers('hall').map((s) => s.id);
  let rebound = 0;
  let unbound = 0;
  for (const server of change.removed) {
    switch (server.type) {
      case 'hall':
        for (const session of ctx.sessions.onHall(server.id)) rebound += rebindHall(ctx, session, halls);
        break;
      case 'game':
        for (const session of ctx.sessions.onGame(server.id)) {
          const roomId = session.roomId ?? '';
          ctx.sessions.bindGame(session.connId, null, null);
          ctx.connections.get(session.connId)?.deliver(new PreparedFrame({ route: 'game.left', body: { roomId, reason: 'server_down' } }));
          unbound += 1;
        }
        break;
      case 'gate':
      case 'observer':
        break;
      default: {
        const never: never = server.type;
        return never;
      }
    }
  }
  // Players left without a hall come back as soon as one is there.
  if (halls.length > 0 && change.added.some((s) => s.type === 'hall')) {
    for (const session of ctx.sessions.withoutHall()) rebound += rebindHall(ctx, session, halls);
  }
  ctx.metrics.rebound('hall', rebound);
  ctx.metrics.rebound('game', unbound);
  if (rebound || unbound) ctx.log.info({ rebound, unbound, halls }, 'sessions rebound after a cluster change');
}

/** Returns 1 when the session got a new hall. */
function rebindHall(ctx: GateContext, session: Session, halls: readonly string[]): number {
  const previous = session.hall ?? session.previousHall;
  const next = pickHall(session.userId, halls) ?? null;
  ctx.sessions.bindHall(session.connId, next);
  if (!next || !previous) return 0;
  ctx.connections.get(session.connId)?.deliver(new PreparedFrame({ route: 'gate.rebound', body: { hall: next, previous } }));
  return 1;
}
