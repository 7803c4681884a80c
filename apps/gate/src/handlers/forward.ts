import { busRouteForClient, type ClientRequest, type Forwarded } from '@hallway/protocol';
import type { Connection } from '../connection.js';
import { fromBusError, RouteError } from '../errors.js';
import { sessionRef, type GateContext } from '../gate-context.js';

/**
 * Forwards `hall.*` to the bound hall and `game.*` to the bound game server as a bus
 * request `client.<route>`, and resolves with its reply. Ordered per player on the hall
 * (key = userId) and per room on the game server (key = roomId).
 */
export async function forward(ctx: GateContext, conn: Connection, type: 'hall' | 'game', request: ClientRequest): Promise<unknown> {
  const session = conn.session;
  if (!session) throw new RouteError('NOT_LOGGED_IN', 'log in first (gate.login)');
  const target = type === 'hall' ? session.hall : session.game;
  if (!target) {
    throw type === 'hall'
      ? new RouteError('SERVER_UNAVAILABLE', 'no hall is available right now; retry shortly')
      : new RouteError('NOT_BOUND', 'not in a game: game.* routes work once you are in a room');
  }
  const key = type === 'hall' ? session.userId : (session.roomId ?? session.userId);
  // The body key must be present on the wire (Forwarded requires it): a request without one carries {}.
  const forwarded: Forwarded = { session: sessionRef(ctx, session), body: request.body === undefined ? {} : request.body };
  const started = performance.now();
  try {
    return await ctx.runtime.bus.request(target, busRouteForClient(request.route), forwarded, {
      key,
      timeoutMs: ctx.config.requestTimeoutMs,
    });
  } catch (err) {
    throw fromBusError(err, target);
  } finally {
    ctx.metrics.requestDone(type, (performance.now() - started) / 1000);
  }
}
