import { randomUUID } from 'node:crypto';
import { HallLoginReplySchema, InternalRoute, LoginBodySchema, type HallLogin, type LoginReply } from '@hallway/protocol';
import type { Connection } from '../connection.js';
import { fromBusError, RouteError } from '../errors.js';
import { announceDisconnected, type GateContext } from '../gate-context.js';
import { pickHall } from '../hall-picker.js';
import type { Session } from '../session-table.js';
import { verifyToken } from '../verify-token.js';

/**
 * `gate.login {name, token?, resume?}`: verifies the token (when the gate has a
 * secret), picks a hall by rendezvous hashing of the user id, asks it to log the
 * player in (`hall.login`) and binds the connection to it (and to a game server when
 * the hall put the player back into a running room).
 */
export async function handleLogin(ctx: GateContext, conn: Connection, body: unknown): Promise<LoginReply> {
  if (!conn.beginLogin()) throw new RouteError('ALREADY_LOGGED_IN', 'this connection is logged in (or logging in) already');
  try {
    return await login(ctx, conn, body);
  } catch (err) {
    conn.abortLogin();
    throw err;
  }
}

async function login(ctx: GateContext, conn: Connection, body: unknown): Promise<LoginReply> {
  const parsed = LoginBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new RouteError('BAD_REQUEST', 'gate.login needs {name: 1-32 characters, token?: string, resume?: string}');
  }
  const { name, token, resume } = parsed.data;
  const userId = ctx.authKey ? await verifyToken(ctx.authKey, token) : undefined;
  // Guests have no id yet: any random key spreads them evenly.
  const hall = pickHall(userId ?? randomUUID(), ctx.runtime.cluster.servers('hall').map((s) => s.id));
  if (!hall) throw new RouteError('SERVER_UNAVAILABLE', 'no hall is available right now; retry shortly');

  const request: HallLogin = { gate: ctx.runtime.serverId, connId: conn.connId, name, userId, resume };
  let raw: unknown;
  try {
    raw = await ctx.runtime.bus.request(hall, InternalRoute.hallLogin, request, {
      key: userId ?? conn.connId,
      timeoutMs: ctx.config.requestTimeoutMs,
    });
  } catch (err) {
    throw fromBusError(err, hall);
  }
  const reply = HallLoginReplySchema.safeParse(raw);
  if (!reply.success) {
    conn.log.error({ hall, issues: reply.error.issues }, 'malformed hall.login reply');
    throw new RouteError('INTERNAL', 'the hall answered the login with something unexpected');
  }
  const { room } = reply.data;
  // The hall may have left the cluster while it logged the player in; the rebinding for that has run already.
  const liveHall = ctx.runtime.cluster.has(hall)
    ? hall
    : (pickHall(reply.data.userId, ctx.runtime.cluster.servers('hall').map((s) => s.id)) ?? null);
  const session: Session = {
    connId: conn.connId,
    userId: reply.data.userId,
    name: reply.data.name,
    hall: liveHall,
    previousHall: liveHall === hall ? null : hall,
    game: room?.game ?? null,
    roomId: room?.roomId ?? null,
  };
  if (conn.isClosed) {
    // Gone while the hall logged it in: the hall holds a session that nobody will end.
    void announceDisconnected(ctx, { ...session, hall });
    throw new RouteError('INTERNAL', 'connection closed during login');
  }
  conn.completeLogin(session);
  conn.log.info({ userId: session.userId, hall: liveHall, room: room?.roomId }, 'logged in');
  const out: LoginReply = { userId: session.userId, name: session.name, hall: liveHall ?? hall, resume: reply.data.resume };
  if (room) out.room = room;
  return out;
}
