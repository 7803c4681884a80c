import type { GameState, Player, RoomInfo } from '@hallway/protocol';
import { gameError } from './errors.js';
import { newGame, otherMark, play, type Mark, type TicTacToe } from './tic-tac-toe.js';

export const ROOM_KIND = 'tictactoe';
export const ROOM_CAPACITY = 2;

export type RoomStatus = GameState['status'];
export type RoomResult = NonNullable<GameState['result']>;

export interface RoomPlayer {
  userId: string;
  name: string;
  /** Where to push to; updated when the player rejoins from a new connection. */
  gate: string;
  connId: string;
  mark: Mark;
  /** False between a dropped connection and the rejoin (or the grace expiry). */
  connected: boolean;
  /**
   * False once the player left (or forfeited by not coming back). A player who left a
   * running game stays listed so the final state still shows both sides.
   */
  present: boolean;
}

/**
 * One tic-tac-toe room: its players and the game between them. Pure state and rules,
 * no I/O: `RoomService` does the pushing, persisting and timing. Methods that refuse
 * throw a `HandlerError` with the client-facing code.
 */
export class Room {
  readonly kind = ROOM_KIND;
  readonly capacity = ROOM_CAPACITY;
  private readonly members: RoomPlayer[] = [];
  private game: TicTacToe = newGame();
  private currentStatus: RoomStatus = 'waiting';
  private winnerId: string | null = null;
  private finishedBy: RoomResult | null = null;

  constructor(
    readonly roomId: string,
    readonly name: string,
    readonly createdAt: number,
    players: readonly Player[],
  ) {
    if (players.length === 0 || players.length > ROOM_CAPACITY) {
      throw gameError('BAD_REQUEST', `a room takes 1 to ${ROOM_CAPACITY} players, not ${players.length}`);
    }
    for (const player of players) this.add(player);
  }

  get status(): RoomStatus {
    return this.currentStatus;
  }

  get winner(): string | null {
    return this.winnerId;
  }

  get result(): RoomResult | null {
    return this.finishedBy;
  }

  /** Every player ever seated and still listed (present or not). */
  get players(): readonly RoomPlayer[] {
    return this.members;
  }

  /** Players still in the room. */
  present(): RoomPlayer[] {
    return this.members.filter((p) => p.present);
  }

  /** Players in the room with a live connection: who gets pushes. */
  reachable(): RoomPlayer[] {
    return this.members.filter((p) => p.present && p.connected);
  }

  get isEmpty(): boolean {
    return !this.members.some((p) => p.present);
  }

  player(userId: string): RoomPlayer | undefined {
    return this.members.find((p) => p.userId === userId && p.present);
  }

  /** Seats a second player; a full room starts the game at once. */
  add(player: Player): RoomPlayer {
    if (this.currentStatus === 'finished') throw gameError('ROOM_NOT_FOUND', `room ${this.roomId} has finished`);
    if (this.player(player.userId)) throw gameError('ALREADY_IN_ROOM', `${player.userId} is already in room ${this.roomId}`);
    const present = this.present();
    if (present.length >= this.capacity) throw gameError('ROOM_FULL', `room ${this.roomId} is full`);
    // The first player is X (X moves first); the second takes whatever mark is free.
    const mark: Mark = present.some((p) => p.mark === 'X') ? 'O' : 'X';
    const seated: RoomPlayer = { ...pickPlayer(player), mark, connected: true, present: true };
    this.members.push(seated);
    this.members.sort((a, b) => (a.mark === b.mark ? 0 : a.mark === 'X' ? -1 : 1));
    if (this.present().length === this.capacity) this.currentStatus = 'playing';
    return seated;
  }

  /** `userId` plays `cell`; refuses with NOT_IN_ROOM, NOT_YOUR_TURN, ILLEGAL_MOVE or GAME_OVER. */
  move(userId: string, cell: number): void {
    const player = this.requirePlayer(userId);
    switch (this.currentStatus) {
      case 'waiting':
        throw gameError('NOT_YOUR_TURN', 'the game has not started: waiting for an opponent');
      case 'finished':
        throw gameError('GAME_OVER', 'the game is over');
      case 'playing':
        break;
      default: {
        const never: never = this.currentStatus;
        throw new Error(`unknown status ${String(never)}`);
      }
    }
    const result = play(this.game, player.mark, cell);
    if (!result.ok) throw gameError(result.error, result.message);
    this.game = result.game;
    const outcome = result.game.outcome;
    switch (outcome.kind) {
      case 'playing':
        return;
      case 'win':
        this.finish('win', this.byMark(outcome.mark)?.userId ?? null);
        return;
      case 'draw':
        this.finish('draw', null);
        return;
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * The player is out of the room: a running game is lost by forfeit. In a room that
   * never started the player is simply removed (nobody to show a final state to).
   */
  leave(userId: string): RoomPlayer {
    const player = this.requirePlayer(userId);
    if (this.currentStatus === 'playing') {
      const opponent = this.byMark(otherMark(player.mark));
      this.finish('forfeit', opponent?.userId ?? null);
    }
    player.present = false;
    player.connected = false;
    if (this.currentStatus === 'waiting') this.members.splice(this.members.indexOf(player), 1);
    return player;
  }

  disconnect(userId: string): RoomPlayer {
    const player = this.requirePlayer(userId);
    player.connected = false;
    return player;
  }

  /** The player is back, maybe on another gate and connection. */
  reconnect(next: Player): RoomPlayer {
    const player = this.requirePlayer(next.userId);
    player.gate = next.gate;
    player.connId = next.connId;
    player.name = next.name;
    player.connected = true;
    return player;
  }

  info(game: string): RoomInfo {
    return {
      roomId: this.roomId,
      game,
      kind: this.kind,
      name: this.name,
      players: this.present().map((p) => ({ userId: p.userId, name: p.name })),
      capacity: this.capacity,
      status: this.currentStatus,
      createdAt: this.createdAt,
    };
  }

  state(): GameState {
    return {
      roomId: this.roomId,
      board: [...this.game.board],
      players: this.members.map((p) => ({ userId: p.userId, name: p.name, mark: p.mark, connected: p.present && p.connected })),
      turn: this.currentStatus === 'playing' ? (this.byMark(this.game.next)?.userId ?? null) : null,
      status: this.currentStatus,
      winner: this.winnerId,
      result: this.finishedBy,
      moves: this.game.moves,
    };
  }

  private requirePlayer(userId: string): RoomPlayer {
    const player = this.player(userId);
    if (!player) throw gameError('NOT_IN_ROOM', `${userId} is not in room ${this.roomId}`);
    return player;
  }

  private byMark(mark: Mark): RoomPlayer | undefined {
    return this.members.find((p) => p.mark === mark);
  }

  private finish(result: RoomResult, winner: string | null): void {
    this.currentStatus = 'finished';
    this.finishedBy = result;
    this.winnerId = winner;
  }
}

function pickPlayer(p: Player): Pick<RoomPlayer, 'userId' | 'name' | 'gate' | 'connId'> {
  return { userId: p.userId, name: p.name, gate: p.gate, connId: p.connId };
}
