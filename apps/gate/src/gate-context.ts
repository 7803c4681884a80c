import { InternalRoute, type SessionRef } from '@hallway/protocol';
import type { ServiceRuntime } from '@hallway/runtime';
import type { Logger } from 'pino';
import type { Connection } from './connection.js';
import type { ResolvedGateConfig } from './gate-config.js';
import type { GateMetrics } from './gate-metrics.js';
import type { Session, SessionTable } from './session-table.js';

/** The state every connection and handler of one gate shares. */
export interface GateContext {
  readonly runtime: ServiceRuntime;
  readonly config: ResolvedGateConfig;
  readonly log: Logger;
  readonly sessions: SessionTable;
  /** Every open connection, logged in or not, by connId. */
  readonly connections: Map<string, Connection>;
  readonly metrics: GateMetrics;
  /** The HS256 key when AUTH_SECRET is set. */
  readonly authKey: Uint8Array | undefined;
  /** Called whenever a connection opens, closes or logs in (load, gauges). */
  countsChanged(): void;
}

export function sessionRef(ctx: GateContext, session: Session): SessionRef {
  return { gate: ctx.runtime.serverId, connId: session.connId, userId: session.userId, name: session.name };
}

/** Tells the session's hall that the player left this gate (best effort: the hall also expires presence). */
export async function announceDisconnected(ctx: GateContext, session: Session): Promise<void> {
  const hall = session.hall;
  if (!hall) return;
  try {
    await ctx.runtime.bus.publish(hall, InternalRoute.hallDisconnected, sessionRef(ctx, session), { key: session.userId });
  } catch (err) {
    ctx.log.debug({ err, hall, connId: session.connId }, 'hall.disconnected not sent');
  }
}
