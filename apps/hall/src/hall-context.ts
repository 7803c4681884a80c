import { InternalRoute, RoomInfoSchema, type GatePush, type Player, type RoomInfo, type SessionRef } from '@hallway/protocol';
import type { ServiceRuntime } from '@hallway/runtime';
import type { Logger } from 'pino';
import { hallError, isNotHandled } from './errors.js';
import { createHallMetrics, type HallMetrics } from './hall-metrics.js';
import { GamePlacement } from './placement.js';

export interface HallOptions {
  /** How long a resume token from a login reply stays valid. */
  resumeTtlMs: number;
  /** How long a player waits in the quick-match queue before the entry lapses. */
  quickMatchTtlMs: number;
  /** How long to wait for a game server's answer (keep it below the gate's REQUEST_TIMEOUT_MS). */
  gameRequestTimeoutMs: number;
}

export const DEFAULT_HALL_OPTIONS = {
  resumeTtlMs: 3_600_000,
  quickMatchTtlMs: 60_000,
  gameRequestTimeoutMs: 3_000,
} as const satisfies HallOptions;

/** The quick-match queue of the one game kind there is. */
export const QUICK_MATCH_QUEUE = 'tictactoe';

/** At most this many game servers are tried for one new room. */
const PLACEMENT_ATTEMPTS = 3;

/**
 * What every hall handler shares. A hall keeps no player state of its own (only a count
 * of the sessions it logged in, for its load): presence, rooms and the queue live in the
 * store, so any hall replica can serve any request.
 */
export class HallContext {
  readonly log: Logger;
  readonly metrics: HallMetrics;
  readonly placement = new GamePlacement();
  /** `gate/connId` → userId of the sessions this hall logged in (the hall's load). */
  private readonly sessions = new Map<string, string>();

  constructor(
    readonly runtime: ServiceRuntime,
    readonly options: HallOptions,
  ) {
    this.log = runtime.log.child({ component: 'hall' });
    this.metrics = createHallMetrics(runtime.metrics, () => this.sessions.size);
  }

  get serverId(): string {
    return this.runtime.serverId;
  }

  get store(): ServiceRuntime['store'] {
    return this.runtime.store;
  }

  /** True once the observer has described the cluster (before that nothing is live). */
  get clusterKnown(): boolean {
    return this.runtime.cluster.version >= 0;
  }

  isLive(serverId: string): boolean {
    return this.runtime.cluster.has(serverId);
  }

  sessionOpened(session: Pick<SessionRef, 'gate' | 'connId' | 'userId'>): void {
    this.sessions.set(`${session.gate}/${session.connId}`, session.userId);
    this.runtime.setLoad(this.sessions.size);
  }

  sessionClosed(session: Pick<SessionRef, 'gate' | 'connId'>): void {
    if (this.sessions.delete(`${session.gate}/${session.connId}`)) this.runtime.setLoad(this.sessions.size);
  }

  /** A gate left the cluster: no disconnect will come for its sessions, so forget them here. */
  gateGone(gate: string): void {
    const prefix = `${gate}/`;
    for (const key of [...this.sessions.keys()]) if (key.startsWith(prefix)) this.sessions.delete(key);
    this.runtime.setLoad(this.sessions.size);
  }

  /** Pushes one frame to one connection on its gate; false when the gate is gone. */
  async pushTo(to: { gate: string; connId: string; userId: string }, route: string, body: unknown): Promise<boolean> {
    if (!this.isLive(to.gate)) return false;
    const push: GatePush = { connIds: [to.connId], route, body };
    await this.runtime.bus.publish(to.gate, InternalRoute.gatePush, push, { key: to.userId });
    return true;
  }

  /**
   * Refuses (ALREADY_IN_ROOM) a player who is in a room on a live game server. A record
   * pointing at a room that is gone, or at a dead server, is stale: it is cleared.
   */
  async assertNotInRoom(userId: string): Promise<void> {
    const roomId = await this.store.getUserRoom(userId);
    if (roomId === undefined) return;
    const room = await this.store.getRoom(roomId);
    if (room && (this.isLive(room.game) || !this.clusterKnown)) {
      throw hallError('ALREADY_IN_ROOM', `you are in room ${roomId}; leave it first (game.leave)`);
    }
    await this.store.setUserRoom(userId, null);
  }

  /**
   * Creates a room for `players` on the least-loaded live game server. A server that
   * did not handle the request (just died, overloaded, shutting down) is skipped for
   * the next one; any other error (the game's own refusal, a timeout) is final.
   */
  async placeRoom(name: string, players: Player[]): Promise<RoomInfo> {
    const candidates = this.placement.order(this.runtime.cluster.servers('game')).slice(0, PLACEMENT_ATTEMPTS);
    if (candidates.length === 0) throw hallError('SERVER_UNAVAILABLE', 'no game server is available; try again shortly');
    let lastError: unknown;
    for (const server of candidates) {
      try {
        const room = await this.requestGame(server.id, InternalRoute.gameCreateRoom, { name, players }, players[0]?.userId);
        this.placement.record(server);
        return room;
      } catch (err) {
        if (!isNotHandled(err)) throw err;
        this.log.warn({ err, game: server.id }, 'game server did not take the room; trying the next');
        lastError = err;
      }
    }
    throw lastError;
  }

  /** Is there a live game server to place a room on? */
  hasGameServer(): boolean {
    return this.runtime.cluster.servers('game').length > 0;
  }

  /** A request to a game server whose reply is a `RoomInfo` (createRoom, joinRoom, rejoin). */
  async requestGame(game: string, route: string, body: unknown, key: string | undefined): Promise<RoomInfo> {
    const reply = await this.runtime.bus.request(game, route, body, {
      timeoutMs: this.options.gameRequestTimeoutMs,
      ...(key === undefined ? {} : { key }),
    });
    const parsed = RoomInfoSchema.safeParse(reply);
    if (!parsed.success) {
      this.log.error({ game, route, issues: parsed.error.issues }, 'game server answered with an invalid room');
      throw hallError('INTERNAL', `${game} answered ${route} with an invalid room`);
    }
    return parsed.data;
  }
}

/** The player a session describes, as game servers want it. */
export function playerOf(session: SessionRef): Player {
  return { userId: session.userId, name: session.name, gate: session.gate, connId: session.connId };
}
