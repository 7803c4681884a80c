import type { ClientRequest } from '@hallway/protocol';
import type { Connection } from './connection.js';
import { RouteError } from './errors.js';
import type { GateContext } from './gate-context.js';
import type { InboundTarget } from './gate-metrics.js';
import { forward } from './handlers/forward.js';
import { handleLogin } from './handlers/login.js';
import { handleLogout } from './handlers/logout.js';
import { handlePing } from './handlers/ping.js';

/** Routes a client may use before logging in. */
const OPEN_ROUTES: ReadonlySet<string> = new Set(['gate.login', 'gate.ping']);

/** The server type a route goes to, by its prefix (for metrics). */
export function targetOf(route: string): InboundTarget {
  const prefix = route.slice(0, route.indexOf('.'));
  return prefix === 'gate' || prefix === 'hall' || prefix === 'game' ? prefix : 'unknown';
}

/**
 * Runs one client request and resolves with the reply body; throws `RouteError` for an
 * error reply. `gate.*` is answered here, `hall.*` and `game.*` by the bound servers.
 */
export async function routeRequest(ctx: GateContext, conn: Connection, request: ClientRequest): Promise<unknown> {
  if (!conn.isLoggedIn && !OPEN_ROUTES.has(request.route)) {
    throw new RouteError('NOT_LOGGED_IN', 'log in first (gate.login)');
  }
  const target = targetOf(request.route);
  switch (target) {
    case 'gate':
      return gateRoute(ctx, conn, request);
    case 'hall':
    case 'game':
      return forward(ctx, conn, target, request);
    case 'unknown':
    case 'bad':
    case 'limited':
      throw new RouteError('UNKNOWN_ROUTE', `no route "${request.route}": routes start with gate., hall. or game.`);
    default: {
      const never: never = target;
      return never;
    }
  }
}

function gateRoute(ctx: GateContext, conn: Connection, request: ClientRequest): Promise<unknown> | unknown {
  switch (request.route) {
    case 'gate.login':
      return handleLogin(ctx, conn, request.body);
    case 'gate.ping':
      return handlePing(request.body);
    case 'gate.logout':
      return handleLogout(conn);
    default:
      throw new RouteError('UNKNOWN_ROUTE', `no route "${request.route}"`);
  }
}
