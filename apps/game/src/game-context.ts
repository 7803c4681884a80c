import type { LeftPushSchema, Player, SessionRef } from '@hallway/protocol';
import type { ServiceRuntime } from '@hallway/runtime';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { gameError } from './errors.js';
import { countFinished, createGameMetrics, type GameMetrics } from './game-metrics.js';
import { Notifier } from './notifier.js';
import { RoomMirror } from './room-mirror.js';
import { RoomRegistry } from './room-registry.js';
import { RoomTimers } from './room-timers.js';
import { Room, type RoomPlayer } from './room.js';

export interface GameOptions {
  /** How long a disconnected player keeps their seat before forfeiting. */
  rejoinGraceMs: number;
  /** How long players may look at a finished game before the room closes. */
  finishedRoomTtlMs: number;
}

export const DEFAULT_GAME_OPTIONS = {
  rejoinGraceMs: 30_000,
  finishedRoomTtlMs: 60_000,
} as const satisfies GameOptions;

export type LeftReason = z.infer<typeof LeftPushSchema>['reason'];

export const GamePush = {
  matched: 'hall.matched',
  state: 'game.state',
  chat: 'game.chat',
  left: 'game.left',
} as const;

/**
 * What every game handler shares: the rooms, the way to reach players, the store
 * mirror and the timers, and the room lifecycle built on them (settle after a change,
 * remove a player, close a room). Room state changes synchronously inside a handler;
 * pushes read the state when they are sent, so interleaved handlers and timers never
 * push an older state after a newer one.
 */
export class GameContext {
  readonly registry: RoomRegistry;
  readonly notifier: Notifier;
  readonly mirror: RoomMirror;
  readonly timers = new RoomTimers();
  readonly metrics: GameMetrics;
  readonly log: Logger;
  private closing = false;

  constructor(
    readonly runtime: ServiceRuntime,
    readonly options: GameOptions,
  ) {
    this.log = runtime.log.child({ component: 'game' });
    this.registry = new RoomRegistry(runtime.serverId);
    this.notifier = new Notifier(runtime.bus, this.log);
    this.mirror = new RoomMirror(runtime.store, (roomId) => this.registry.get(roomId)?.info(this.serverId), this.log);
    this.metrics = createGameMetrics(runtime.metrics, () => this.registry.size);
  }

  get serverId(): string {
    return this.runtime.serverId;
  }

  /** New rooms and players are refused once shutdown began. */
  assertOpen(): void {
    if (this.closing) throw gameError('SERVER_UNAVAILABLE', `${this.serverId} is shutting down`);
  }

  /** The room and seat of the player behind a forwarded client request. */
  seatOf(session: SessionRef): { room: Room; player: RoomPlayer } {
    const room = this.registry.roomOf(session.userId);
    const player = room?.player(session.userId);
    if (!room || !player) throw gameError('NOT_IN_ROOM', `you are not in a room on ${this.serverId}`);
    // A replaced connection can stay bound here for a moment; only the current one plays.
    if (player.connId !== session.connId || player.gate !== session.gate) {
      throw gameError('NOT_IN_ROOM', 'this connection no longer holds your seat (you logged in elsewhere)');
    }
    return { room, player };
  }

  /** Opens a room for `players` (two players start playing at once). */
  open(name: string, players: readonly Player[]): Room {
    for (const p of players) {
      if (this.registry.roomOf(p.userId)) throw gameError('ALREADY_IN_ROOM', `${p.userId} is already in a room`);
    }
    if (new Set(players.map((p) => p.userId)).size !== players.length) {
      throw gameError('BAD_REQUEST', 'the same player twice in one room');
    }
    const room = new Room(this.registry.nextId(), name, Date.now(), players);
    this.registry.add(room);
    this.runtime.setLoad(this.registry.size);
    return room;
  }

  /** Binds the player's connection to the room; the gate then delivers `hall.matched`. */
  bindToRoom(room: Room, player: RoomPlayer): Promise<void> {
    return this.notifier.bind(player, this.serverId, room.roomId, { route: GamePush.matched, body: { room: room.info(this.serverId) } }, room.roomId);
  }

  pushState(room: Room): Promise<void> {
    return this.notifier.push(room.reachable(), { route: GamePush.state, body: room.state() }, room.roomId);
  }

  /** Records (or clears) the user's room for the halls' rejoin; failures are logged. */
  async saveUserRoom(userId: string, roomId: string | null): Promise<void> {
    try {
      await this.runtime.store.setUserRoom(userId, roomId);
    } catch (err) {
      this.log.error({ err, userId, roomId }, 'user room not saved');
    }
  }

  /**
   * After any change to a room: an empty room closes, a finished one gets its closing
   * deadline; the store mirror is updated and everyone in the room gets the state.
   */
  async settle(room: Room): Promise<void> {
    if (this.registry.get(room.roomId) !== room) return;
    if (room.isEmpty) {
      await this.close(room, 'left');
      return;
    }
    if (room.status === 'finished' && room.result) {
      const started = this.timers.startClosing(room.roomId, this.options.finishedRoomTtlMs, () =>
        this.inBackground('close finished room', () => this.close(room, 'finished')),
      );
      if (started) countFinished(this.metrics, room.result);
    }
    await this.mirror.sync(room.roomId);
    await this.pushState(room);
  }

  /**
   * Takes a player out of the room for good (left, or gone too long): a running game is
   * forfeited. `reason` set: the connection is alive and is sent back to the lobby.
   */
  async remove(room: Room, player: RoomPlayer, reason: LeftReason | null): Promise<void> {
    const wasConnected = player.connected;
    room.leave(player.userId);
    this.timers.cancelGrace(room.roomId, player.userId);
    this.registry.unseat(player.userId, room.roomId);
    // The store first: a player told `game.left` may quick-match at once, and the hall
    // must not still see them in this room (ALREADY_IN_ROOM).
    await this.saveUserRoom(player.userId, null);
    if (reason && wasConnected) await this.unbind(room.roomId, player, reason);
    await this.settle(room);
  }

  /** The player's connection dropped: keep the seat for the grace period. */
  async disconnected(room: Room, player: RoomPlayer): Promise<void> {
    // Nothing is at stake in a finished game: leave at once rather than hold the seat.
    if (room.status === 'finished') {
      await this.remove(room, player, null);
      return;
    }
    room.disconnect(player.userId);
    const { roomId } = room;
    const { userId } = player;
    this.timers.startGrace(roomId, userId, this.options.rejoinGraceMs, () =>
      this.inBackground('rejoin grace expiry', () => this.graceExpired(roomId, userId)),
    );
    await this.settle(room);
  }

  /** The grace period ran out: the absent player forfeits and loses the seat. */
  async graceExpired(roomId: string, userId: string): Promise<void> {
    const room = this.registry.get(roomId);
    const player = room?.player(userId);
    if (!room || !player || player.connected) return;
    this.log.info({ roomId, userId }, 'player did not come back in time');
    await this.remove(room, player, null);
  }

  /** Closes the room: players still in it go back to the lobby with `reason`. */
  async close(room: Room, reason: LeftReason): Promise<void> {
    if (this.registry.get(room.roomId) !== room) return;
    this.timers.cancelRoom(room.roomId);
    this.registry.remove(room);
    this.runtime.setLoad(this.registry.size);
    const players = room.present();
    await Promise.all(
      players.map(async (p) => {
        await this.saveUserRoom(p.userId, null);
        if (p.connected) await this.unbind(room.roomId, p, reason);
      }),
    );
    await this.mirror.sync(room.roomId);
    this.log.debug({ roomId: room.roomId, reason }, 'room closed');
  }

  /** Shutdown: every player back to the lobby (`server_down`), every room out of the store. */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.timers.clear();
    await Promise.all(this.registry.all().map((room) => this.close(room, 'server_down')));
    await this.mirror.flush();
  }

  private unbind(roomId: string, player: RoomPlayer, reason: LeftReason): Promise<void> {
    return this.notifier.bind(player, null, null, { route: GamePush.left, body: { roomId, reason } }, roomId);
  }

  /** Timers run outside any handler: their failures are logged, never thrown. */
  private inBackground(what: string, task: () => Promise<void>): void {
    task().catch((err: unknown) => this.log.error({ err }, `${what} failed`));
  }
}
