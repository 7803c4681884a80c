import { randomBytes } from 'node:crypto';
import { RemoteError } from '@hallway/mq';
import { CloseCode, HallLoginSchema, InternalRoute, type GateKick, type HallLogin, type HallLoginReply, type Player } from '@hallway/protocol';
import type { Presence } from '@hallway/store';
import { QUICK_MATCH_QUEUE, type HallContext } from '../hall-context.js';
import type { LoginKind } from '../hall-metrics.js';
import { parseBody } from '@hallway/runtime';

/**
 * `hall.login` (request from a gate): settles who the user is (the gate's verified JWT
 * subject, a resume token, or a new guest), makes this connection the user's only
 * session (kicking the previous one), mints a resume token and, when the user was
 * playing, puts them back into their room.
 */
export async function login(ctx: HallContext, raw: unknown): Promise<HallLoginReply> {
  const body = parseBody(HallLoginSchema, raw, InternalRoute.hallLogin);
  const { userId, kind } = await identify(ctx, body);
  const { name, gate, connId } = body;

  const presence: Presence = { userId, name, gate, connId, hall: ctx.serverId, since: Date.now() };
  const previous = await ctx.store.claimPresence(presence);
  let resume: string;
  try {
    if (previous && (previous.gate !== gate || previous.connId !== connId)) await kickReplaced(ctx, previous);
    // A queue entry of the replaced connection is stale; the new one has not asked to play.
    await ctx.store.leaveQueue(QUICK_MATCH_QUEUE, userId);
    resume = `r-${randomBytes(18).toString('base64url')}`;
    await ctx.store.saveResume(resume, { userId, name }, ctx.options.resumeTtlMs);
  } catch (err) {
    // The gate will not log this connection in, so it will never report it closed:
    // do not leave a presence behind that whispers would be sent to.
    await ctx.store.releasePresence(userId, connId).catch(() => false);
    throw err;
  }
  const room = await rejoinRoom(ctx, { userId, name, gate, connId });
  ctx.sessionOpened({ gate, connId, userId });
  ctx.metrics.logins.inc({ kind });
  ctx.log.debug({ userId, gate, connId, kind, room: room?.roomId }, 'logged in');
  return { userId, name, hall: ctx.serverId, resume, ...(room ? { room } : {}) };
}

async function identify(ctx: HallContext, body: HallLogin): Promise<{ userId: string; kind: LoginKind }> {
  if (body.userId !== undefined) return { userId: body.userId, kind: 'token' };
  if (body.resume !== undefined) {
    const user = await ctx.store.loadResume(body.resume);
    if (user) return { userId: user.userId, kind: 'resume' };
    // An unknown or expired token is not an error: the player simply starts afresh.
  }
  return { userId: `g-${randomBytes(8).toString('hex')}`, kind: 'guest' };
}

async function kickReplaced(ctx: HallContext, previous: Presence): Promise<void> {
  if (!ctx.isLive(previous.gate)) return;
  const kick: GateKick = { connId: previous.connId, code: CloseCode.REPLACED, reason: 'logged in elsewhere' };
  try {
    await ctx.runtime.bus.publish(previous.gate, InternalRoute.gateKick, kick, { key: previous.userId });
  } catch (err) {
    ctx.log.warn({ err, gate: previous.gate, userId: previous.userId }, 'could not kick the replaced session');
  }
}

/**
 * Puts a returning player back into the room recorded for them, if its game server is
 * live and still holds their seat. A record the game server disowns, or one for a room
 * that is gone or on a dead server, is cleared. Never fails the login.
 */
async function rejoinRoom(ctx: HallContext, player: Player): Promise<HallLoginReply['room']> {
  try {
    const roomId = await ctx.store.getUserRoom(player.userId);
    if (roomId === undefined) return undefined;
    const room = await ctx.store.getRoom(roomId);
    if (!room || (ctx.clusterKnown && !ctx.isLive(room.game))) {
      await ctx.store.setUserRoom(player.userId, null);
      return undefined;
    }
    if (!ctx.isLive(room.game)) return undefined;
    try {
      await ctx.requestGame(room.game, InternalRoute.gameRejoin, { roomId, player }, roomId);
    } catch (err) {
      if (err instanceof RemoteError && (err.code === 'ROOM_NOT_FOUND' || err.code === 'NOT_IN_ROOM')) {
        await ctx.store.setUserRoom(player.userId, null);
        return undefined;
      }
      throw err;
    }
    ctx.metrics.rejoins.inc();
    return { roomId, game: room.game };
  } catch (err) {
    ctx.log.warn({ err, userId: player.userId }, 'could not put the player back into their room');
    return undefined;
  }
}
