import type { ChatPush, GameState, LoginReply, RoomInfo } from '@hallway/protocol';
import { describeGame } from './board.js';

/** Where the player is, as the header shows it. */
export type Place = 'lobby' | 'waiting' | 'room';

/** The connection, as the header shows it. */
export type Connection = 'connecting' | 'online' | 'reconnecting' | 'offline';

export type MessageKind =
  | 'chat' // lobby chat
  | 'room-chat'
  | 'whisper-in'
  | 'whisper-out'
  | 'system' // something happened (matched, rebound, left, reconnecting…)
  | 'info' // an answer to a command (/rooms, /help)
  | 'error'; // a refused request, a bad command

export interface Message {
  /** Increases by one per message, so a printer can tell which ones it has shown. */
  seq: number;
  kind: MessageKind;
  text: string;
  ts: number;
}

/** The scrollback kept in memory; older messages are dropped. */
export const MAX_MESSAGES = 1000;

const LEFT_REASONS: Record<string, string> = {
  left: 'you left the room',
  finished: 'the finished game was closed',
  server_down: 'the game server went down',
  kicked: 'you were removed from the room',
};

/**
 * The view model: everything the screen shows, updated from login replies, pushes,
 * command replies and connection events. It knows nothing about terminals; `screen.ts`
 * and `board.ts` render it. Each change bumps `version`.
 */
export class PlayState {
  connection: Connection = 'connecting';
  /** Set while reconnecting: the attempt number. */
  reconnectAttempt = 0;
  me: { userId: string; name: string } | undefined;
  hall: string | undefined;
  place: Place = 'lobby';
  room: RoomInfo | undefined;
  game: GameState | undefined;
  /** The last `/rooms` answer, for `/join <n>`. */
  rooms: RoomInfo[] = [];
  /** Who sent the last whisper, for `/r`. */
  lastWhisperFrom: { userId: string; name: string } | undefined;
  messages: Message[] = [];
  version = 0;
  /** Called after every change (the UI redraws or prints). */
  onChange: (() => void) | undefined;
  private nextSeq = 1;
  /** Names seen (chat, whispers, rooms) → user ids, so `/w alice hi` works. */
  private readonly known = new Map<string, { userId: string; name: string }>();

  constructor(
    readonly url: string,
    private readonly now: () => number = Date.now,
  ) {}

  // ---- connection ------------------------------------------------------------------

  loggedIn(reply: LoginReply): void {
    this.me = { userId: reply.userId, name: reply.name };
    this.hall = reply.hall;
    this.connection = 'online';
    this.reconnectAttempt = 0;
    this.add('system', `connected to ${this.url} as ${reply.name} (${reply.userId}) on ${reply.hall}`);
    if (reply.room) this.add('system', `back in your game ${reply.room.roomId}`);
    this.changed();
  }

  /** The connection dropped; `willReconnect` false means it is gone for good. */
  disconnected(code: number, reason: string, willReconnect: boolean): void {
    const why = `${code}${reason ? ` ${reason}` : ''}`;
    if (willReconnect) {
      this.connection = 'reconnecting';
      this.add('system', `connection lost (${why}); reconnecting…`);
    } else {
      this.connection = 'offline';
      this.add('error', `disconnected (${why}); /quit to exit`);
    }
    this.changed();
  }

  reconnecting(attempt: number, delayMs: number): void {
    this.connection = 'reconnecting';
    this.reconnectAttempt = attempt;
    if (attempt > 1) this.add('system', `reconnecting… attempt ${attempt} in ${(delayMs / 1000).toFixed(1)} s`);
    this.changed();
  }

  /** Logged in again after a drop; `login` is the new login reply (undefined if never logged in). */
  reconnected(login: LoginReply | undefined): void {
    this.connection = 'online';
    this.reconnectAttempt = 0;
    if (login) {
      this.hall = login.hall;
      this.add('system', `reconnected as ${login.name} (${login.userId}) on ${login.hall}`);
      if (login.room) {
        this.add('system', `back in your game ${login.room.roomId}`);
      } else if (this.place === 'room') {
        this.toLobby('your game ended while you were away');
      } else if (this.place === 'waiting') {
        // The queue entry belonged to the old connection: the hall skips it as stale.
        this.place = 'lobby';
        this.add('system', 'you left the match queue when the connection dropped; /match again');
      }
    } else {
      this.add('system', 'reconnected');
    }
    this.changed();
  }

  reconnectFailed(message: string): void {
    this.connection = 'offline';
    this.add('error', `could not reconnect: ${message}; /quit to exit`);
    this.changed();
  }

  // ---- pushes ----------------------------------------------------------------------

  /** Applies a push from the server. Unknown routes are shown as they are. */
  push(route: string, body: unknown): void {
    switch (route) {
      case 'hall.chat': {
        const chat = body as ChatPush;
        this.remember(chat.from);
        this.add('chat', `${chat.from.name}: ${chat.text}`, chat.ts);
        break;
      }
      case 'game.chat': {
        const chat = body as ChatPush;
        this.remember(chat.from);
        this.add('room-chat', `[room] ${chat.from.name}: ${chat.text}`, chat.ts);
        break;
      }
      case 'hall.whisper': {
        const chat = body as ChatPush;
        this.remember(chat.from);
        this.lastWhisperFrom = chat.from;
        this.add('whisper-in', `${chat.from.name} (${chat.from.userId}) whispers: ${chat.text}`, chat.ts);
        break;
      }
      case 'hall.matched':
        this.enterRoom((body as { room: RoomInfo }).room);
        break;
      case 'game.state':
        this.gameState(body as GameState);
        break;
      case 'game.left': {
        const left = body as { roomId: string; reason: string };
        this.leftRoom(left.roomId, left.reason);
        break;
      }
      case 'gate.rebound': {
        const rebound = body as { hall: string; previous: string };
        this.hall = rebound.hall;
        this.add('system', `the hall serving you (${rebound.previous}) went down; now served by ${rebound.hall}`);
        break;
      }
      case 'gate.kicked': {
        const kicked = body as { code: number; reason: string };
        this.add('error', `kicked by the gate (${kicked.code}): ${kicked.reason}`);
        break;
      }
      case 'gate.error': {
        const error = body as { code: string; message: string };
        this.add('error', `${error.code}: ${error.message}`);
        break;
      }
      default:
        this.add('system', `${route} ${JSON.stringify(body)}`);
    }
    this.changed();
  }

  // ---- command replies ---------------------------------------------------------------

  /** A whisper we sent (the server does not echo it back). */
  whisperSent(to: string, text: string): void {
    const name = [...this.known.values()].find((k) => k.userId === to)?.name;
    this.add('whisper-out', `you whisper to ${name ? `${name} (${to})` : to}: ${text}`);
    this.changed();
  }

  /** The reply to `hall.quickMatch`. */
  matchReply(reply: { status: 'waiting' } | { status: 'matched'; room: RoomInfo }): void {
    if (reply.status === 'waiting') {
      if (this.place === 'lobby') this.place = 'waiting';
      this.add('system', 'waiting for a match… (/cancel to stop)');
    } else {
      this.enterRoom(reply.room);
    }
    this.changed();
  }

  /** The reply to `hall.cancelMatch`. */
  matchCancelled(cancelled: boolean): void {
    if (this.place === 'waiting') this.place = 'lobby';
    this.add('system', cancelled ? 'left the match queue' : 'you were not waiting for a match');
    this.changed();
  }

  /** The reply to `hall.createRoom` or `hall.joinRoom` (the pushes say the same; both are fine). */
  roomReply(room: RoomInfo): void {
    this.enterRoom(room);
    this.changed();
  }

  /**
   * Back in the lobby: the `game.left` push, or the reply to `game.leave` (whichever comes
   * first; the other finds the room gone and changes nothing).
   */
  leftRoom(roomId: string, reason: string): void {
    // About a room we are no longer in (already left, or a newer room since).
    if ((this.room?.roomId ?? this.game?.roomId) !== roomId) return;
    this.toLobby(LEFT_REASONS[reason] ?? `left the room (${reason})`);
    this.changed();
  }

  /** The reply to `hall.rooms`. */
  roomList(rooms: RoomInfo[]): void {
    this.rooms = rooms;
    for (const room of rooms) for (const p of room.players) this.remember(p);
    if (rooms.length === 0) {
      this.add('info', 'no open rooms; /create one or /match');
    } else {
      this.add('info', `${rooms.length} room${rooms.length === 1 ? '' : 's'} (/join <n>):`);
      rooms.forEach((room, i) => {
        const who = room.players.map((p) => p.name).join(', ') || 'empty';
        this.add('info', `  ${i + 1}. ${room.name} · ${room.status} · ${room.players.length}/${room.capacity}: ${who} · ${room.roomId}`);
      });
    }
    this.changed();
  }

  /** Also the reply to `game.move` and `game.state`. */
  gameState(state: GameState): void {
    if (this.room && this.room.roomId !== state.roomId) return; // a late push from a room we left
    if (this.game && this.game.roomId === state.roomId && state.moves < this.game.moves) return; // older than what we have
    const previous = this.game?.roomId === state.roomId ? this.game : undefined;
    // The move's reply and the push carry the same state: keep the first, so a printer sees one change.
    if (previous && JSON.stringify(previous) === JSON.stringify(state)) return;
    for (const p of state.players) this.remember(p);
    if (this.place !== 'room') this.place = 'room';
    this.game = state;
    if (state.status === 'playing' && previous?.status !== 'playing') {
      const [x, o] = [state.players.find((p) => p.mark === 'X'), state.players.find((p) => p.mark === 'O')];
      this.add('system', `game on: ${x?.name ?? '?'} (X) vs ${o?.name ?? '?'} (O); X moves first`);
    }
    if (state.status === 'finished' && previous?.status !== 'finished') {
      this.add('system', `game over: ${describeGame(state, this.me?.userId).replace(/^Result: /, '').replace(/ · .*$/, '')}`);
    }
    this.changed();
  }

  // ---- local -------------------------------------------------------------------------

  notice(kind: 'system' | 'info' | 'error', text: string): void {
    this.add(kind, text);
    this.changed();
  }

  /**
   * A user id for `/w <user>`: an id as typed, or the id of the one player of that name
   * seen so far. Throws with a readable message when the name is ambiguous.
   */
  resolveUser(nameOrId: string): string {
    const byName = [...this.known.values()].filter((k) => k.name.toLowerCase() === nameOrId.toLowerCase());
    if ([...this.known.values()].some((k) => k.userId === nameOrId) || byName.length === 0) return nameOrId;
    const ids = new Set(byName.map((k) => k.userId));
    if (ids.size > 1) throw new Error(`several players are called ${nameOrId}: ${[...ids].join(', ')}; use the id`);
    return byName[0]!.userId;
  }

  private enterRoom(room: RoomInfo): void {
    const fresh = this.room?.roomId !== room.roomId || this.place !== 'room';
    this.room = room;
    for (const p of room.players) this.remember(p);
    if (fresh) {
      if (this.game?.roomId !== room.roomId) this.game = undefined;
      this.place = 'room';
      const others = room.players.filter((p) => p.userId !== this.me?.userId).map((p) => p.name);
      const company = others.length ? ` with ${others.join(', ')}` : '; waiting for an opponent';
      this.add('system', `in room "${room.name}" (${room.roomId})${company}`);
    }
  }

  private toLobby(why: string): void {
    this.place = 'lobby';
    this.room = undefined;
    this.game = undefined;
    this.add('system', `${why}; back in the lobby`);
  }

  private remember(player: { userId: string; name: string }): void {
    if (player.userId === this.me?.userId) return;
    this.known.delete(player.userId);
    this.known.set(player.userId, { userId: player.userId, name: player.name });
  }

  private add(kind: MessageKind, text: string, ts = this.now()): void {
    this.messages.push({ seq: this.nextSeq++, kind, text, ts });
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
  }

  private changed(): void {
    this.version += 1;
    this.onChange?.();
  }
}
