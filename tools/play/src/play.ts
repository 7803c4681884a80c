import { createInterface, type Interface } from 'node:readline';
import {
  ClientRequestError,
  ConnectionClosedError,
  HallwayClientError,
  type ClientState,
  type CloseInfo,
  type LifecycleEvents,
  type LoginOptions,
} from '@hallway/client';
import type { GameState, LoginReply, QuickMatchReply, RoomInfo } from '@hallway/protocol';
import { paint, term } from './ansi.js';
import { PLAIN_BOARD, renderBoard, TTY_BOARD } from './board.js';
import { COMMAND_HELP, parseCommand, type Command } from './commands.js';
import { messageText, placeText, renderScreen } from './screen.js';
import { PlayState } from './state.js';

/** The part of `HallwayClient` the terminal client uses (main.ts passes the real one; unit tests a fake). */
export interface PlayClient {
  readonly state: ClientState;
  connect(): Promise<void>;
  login(options: LoginOptions): Promise<LoginReply>;
  logout(): Promise<void>;
  request<T = unknown>(route: string, body?: unknown): Promise<T>;
  whisper(to: string, text: string): Promise<void>;
  on<K extends keyof LifecycleEvents>(name: K, handler: (body: LifecycleEvents[K]) => void): unknown;
  off<K extends keyof LifecycleEvents>(name: K, handler: (body: LifecycleEvents[K]) => void): unknown;
  onPush(handler: (route: string, body: unknown) => void): () => void;
  onClose(handler: (info: CloseInfo) => void): () => void;
  close(): Promise<void>;
}

/** A terminal's output: a TTY stream has a size and emits `resize`. */
export type PlayOutput = NodeJS.WritableStream & { columns?: number; rows?: number };

export interface PlayOptions {
  client: PlayClient;
  /** Shown in the header; the client is already configured with it. */
  url: string;
  name: string;
  token?: string;
  input: NodeJS.ReadableStream;
  output: PlayOutput;
  /** Full-screen with colours (a terminal), or plain lines without escape codes (a pipe). */
  isTTY: boolean;
}

export interface Play {
  /** Connects, logs in and runs until /quit, the end of the input or `quit()`; resolves with the exit code. */
  run(): Promise<number>;
  /** Logs out and ends `run()` with `code` (signals). */
  quit(code?: number): void;
  readonly state: PlayState;
}

/** How long /quit waits for the gate to confirm the logout before just closing. */
const LOGOUT_TIMEOUT_MS = 2000;

/**
 * The terminal client: reads commands from `input`, sends them with `client`, and keeps
 * the view (`PlayState`) up to date from replies, pushes and connection events. A TTY
 * gets a full-screen view redrawn on every change; anything else gets each new message
 * (and each new game state) once, as plain lines.
 */
export function createPlay(options: PlayOptions): Play {
  const { client, input, output, isTTY } = options;
  const state = new PlayState(options.url);
  const colours = paint(isTTY);
  let rl: Interface | undefined;
  let finished: ((code: number) => void) | undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  let stopping = false;
  let loggedIn = false;
  const queue: string[] = [];
  let busy = false;
  let inputEnded = false;
  const cleanups: (() => void)[] = [];

  // ---- output --------------------------------------------------------------------------

  let printedSeq = 0;
  let printedGame: GameState | undefined;
  let drawScheduled: ReturnType<typeof setImmediate> | undefined;
  let scroll = 0;

  function write(text: string): void {
    output.write(text);
  }

  /** Plain mode: every message not printed yet, then the game if it changed. */
  function printNew(): void {
    for (const message of state.messages) {
      if (message.seq <= printedSeq) continue;
      write(`${messageText(message)}\n`);
      printedSeq = message.seq;
    }
    if (state.game && state.game !== printedGame) printGame();
    printedGame = state.game;
  }

  function printGame(): void {
    if (!state.game) return;
    const lines = renderBoard(state.game, state.me?.userId, PLAIN_BOARD);
    write(`${lines.map((l) => `  ${l}`.trimEnd()).join('\n')}\n`);
    printedGame = state.game;
  }

  function scheduleDraw(): void {
    if (drawScheduled !== undefined || stopping) return;
    drawScheduled = setImmediate(() => {
      drawScheduled = undefined;
      draw();
    });
  }

  /** TTY mode: the whole screen, then readline redraws the input line below it. */
  function draw(): void {
    if (stopping) return;
    const width = output.columns ?? 80;
    const height = output.rows ?? 24;
    const screen = renderScreen(state, { width, height, scroll, paint: colours, board: TTY_BOARD });
    scroll = screen.scroll;
    let out = term.hideCursor;
    screen.lines.forEach((line, i) => (out += term.moveTo(i + 1, 1) + term.clearLine + line));
    // The row below the screen (the last one, unless the terminal is smaller than the minimum).
    out += term.moveTo(screen.lines.length + 1, 1) + term.clearLine;
    write(out);
    rl?.prompt(true);
    write(term.showCursor);
  }

  function refresh(): void {
    if (isTTY) scheduleDraw();
    else printNew();
  }
  state.onChange = refresh;

  // ---- the client ------------------------------------------------------------------------

  cleanups.push(client.onPush((route, body) => state.push(route, body)));
  cleanups.push(
    client.onClose(({ code, reason, willReconnect }) => {
      // Our own logout closes the connection too: nothing to report.
      if (!stopping) state.disconnected(code, reason, willReconnect);
    }),
  );
  const onReconnecting = ({ attempt, delayMs }: LifecycleEvents['reconnecting']): void => state.reconnecting(attempt, delayMs);
  const onReconnected = ({ login }: LifecycleEvents['reconnected']): void => state.reconnected(login);
  const onReconnectFailed = ({ error }: LifecycleEvents['reconnectFailed']): void => state.reconnectFailed(error.message);
  const onError = ({ error }: LifecycleEvents['error']): void => state.notice('error', `client: ${describeError(error)}`);
  client.on('reconnecting', onReconnecting);
  client.on('reconnected', onReconnected);
  client.on('reconnectFailed', onReconnectFailed);
  client.on('error', onError);

  // ---- commands --------------------------------------------------------------------------

  function pump(): void {
    if (busy || !loggedIn || stopping) return;
    const line = queue.shift();
    if (line === undefined) {
      if (inputEnded) void stop(0);
      return;
    }
    busy = true;
    void execute(parseCommand(line))
      .catch((err: unknown) => {
        const offline = err instanceof ConnectionClosedError && state.connection === 'offline';
        state.notice('error', offline ? 'not connected (offline); /quit to exit' : describeError(err));
      })
      .finally(() => {
        busy = false;
        pump();
      });
  }

  async function execute(command: Command): Promise<void> {
    switch (command.type) {
      case 'empty':
        return;
      case 'invalid':
        state.notice('error', command.message);
        return;
      case 'help': {
        const width = Math.max(...COMMAND_HELP.map((c) => c.usage.length));
        state.notice('info', 'commands:');
        for (const c of COMMAND_HELP) state.notice('info', `  ${c.usage.padEnd(width)}  ${c.what}`);
        return;
      }
      case 'quit':
        await stop(0);
        return;
      case 'chat':
        // Our own chat comes back as a push (lobby and room alike), which shows it.
        await client.request(state.place === 'room' ? 'game.chat' : 'hall.chat', { text: command.text });
        return;
      case 'whisper':
        await whisper(state.resolveUser(command.to), command.text);
        return;
      case 'reply':
        if (!state.lastWhisperFrom) throw new Error('nobody has whispered to you yet');
        await whisper(state.lastWhisperFrom.userId, command.text);
        return;
      case 'rooms': {
        const reply = await client.request<{ rooms: RoomInfo[] }>('hall.rooms', {});
        state.roomList(reply.rooms);
        return;
      }
      case 'create': {
        const reply = await client.request<{ room: RoomInfo }>('hall.createRoom', command.name === undefined ? {} : { name: command.name });
        state.roomReply(reply.room);
        return;
      }
      case 'join': {
        let roomId: string;
        if ('index' in command.target) {
          const room = state.rooms[command.target.index - 1];
          if (!room) throw new Error(state.rooms.length ? `the last /rooms list has ${state.rooms.length} rooms` : 'no room list yet: /rooms first');
          roomId = room.roomId;
        } else {
          roomId = command.target.roomId;
        }
        const reply = await client.request<{ room: RoomInfo }>('hall.joinRoom', { roomId });
        state.roomReply(reply.room);
        return;
      }
      case 'match':
        state.matchReply(await client.request<QuickMatchReply>('hall.quickMatch', {}));
        return;
      case 'cancel': {
        const reply = await client.request<{ cancelled: boolean }>('hall.cancelMatch', {});
        state.matchCancelled(reply.cancelled);
        return;
      }
      case 'leave': {
        const roomId = state.room?.roomId ?? state.game?.roomId;
        await client.request('game.leave', {});
        if (roomId !== undefined) state.leftRoom(roomId, 'left');
        return;
      }
      case 'move':
        if (state.place !== 'room') throw new Error('not in a room: /match, /create or /join first');
        state.gameState(await client.request<GameState>('game.move', { cell: command.cell }));
        return;
      case 'state':
        if (state.place !== 'room') {
          const who = state.me ? `${state.me.name} (${state.me.userId})` : 'not logged in';
          state.notice('info', `${placeText(state)} · ${who} · hall ${state.hall ?? '-'} · ${state.connection}`);
          return;
        }
        state.gameState(await client.request<GameState>('game.state', {}));
        // Asked for: show it even when nothing changed.
        if (!isTTY) printGame();
        return;
      default: {
        const never: never = command;
        throw new Error(`unhandled command ${JSON.stringify(never)}`);
      }
    }
  }

  async function whisper(to: string, text: string): Promise<void> {
    await client.whisper(to, text);
    state.whisperSent(to, text);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  function startInput(): void {
    rl = createInterface({ input, output: isTTY ? output : undefined, terminal: isTTY, prompt: '> ', historySize: 200 });
    rl.on('line', (line) => {
      queue.push(line);
      if (isTTY) {
        // readline moved down a row after Enter (the screen scrolled): redraw at once.
        scroll = 0;
        scheduleDraw();
      }
      pump();
    });
    rl.on('close', () => {
      inputEnded = true;
      pump();
    });
    if (!isTTY) return;
    // Ctrl-C in raw mode reaches readline, not the process.
    rl.on('SIGINT', () => void stop(0));
    rl.on('SIGCONT', () => draw());
    const onKey = (_s: unknown, key: { name?: string } | undefined): void => {
      const page = Math.max(1, Math.floor(((output.rows ?? 24) - 4) / 2));
      if (key?.name === 'pageup') scroll += page;
      else if (key?.name === 'pagedown') scroll = Math.max(0, scroll - page);
      else return;
      draw();
    };
    input.on('keypress', onKey);
    cleanups.push(() => input.off('keypress', onKey));
    const onResize = (): void => draw();
    output.on('resize', onResize);
    cleanups.push(() => output.off('resize', onResize));
  }

  async function stop(code: number): Promise<void> {
    if (stopping) return;
    state.notice('system', 'bye');
    if (!isTTY) printNew();
    stopping = true;
    if (client.state === 'open' && loggedIn) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS)));
      await Promise.race([client.logout().catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    await client.close();
    if (drawScheduled !== undefined) clearImmediate(drawScheduled);
    for (const cleanup of cleanups.splice(0)) cleanup();
    client.off('reconnecting', onReconnecting);
    client.off('reconnected', onReconnected);
    client.off('reconnectFailed', onReconnectFailed);
    client.off('error', onError);
    state.onChange = undefined;
    rl?.close();
    if (isTTY) write(term.showCursor + term.leaveAltScreen);
    finished?.(code);
  }

  /**
   * Logs in; when the connection drops before the gate answers, the client reconnects by
   * itself (without logging in: it has no credentials yet), and the login is tried again.
   */
  async function firstLogin(): Promise<LoginReply> {
    for (;;) {
      try {
        return await client.login({ name: options.name, token: options.token });
      } catch (err) {
        if (!(err instanceof ConnectionClosedError) || client.state !== 'reconnecting' || stopping) throw err;
        await nextReconnect();
      }
    }
  }

  /** Resolves when the client is connected again; rejects when it gives up or play stops. */
  function nextReconnect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        client.off('reconnected', onBack);
        client.off('reconnectFailed', onGaveUp);
        if (error) reject(error);
        else resolve();
      };
      const onBack = (): void => finish();
      const onGaveUp = ({ error }: LifecycleEvents['reconnectFailed']): void => finish(error);
      client.on('reconnected', onBack);
      client.on('reconnectFailed', onGaveUp);
      void done.then(() => finish(new Error('stopped')));
    });
  }

  async function run(): Promise<number> {
    if (isTTY) write(term.enterAltScreen + term.clearScreen);
    startInput();
    refresh();
    try {
      await client.connect();
      const reply = await firstLogin();
      loggedIn = true;
      state.loggedIn(reply);
    } catch (err) {
      if (!stopping) {
        state.notice('error', `${describeError(err)}`);
        await stop(1);
        // The full screen is gone: say why once more where it stays visible.
        if (isTTY) write(`hallway: ${describeError(err)}\n`);
      }
      return done;
    }
    pump();
    return done;
  }

  return {
    run,
    quit: (code = 0) => void stop(code),
    state,
  };
}

/** An error as the user should read it: the server's code and message, or what went wrong locally. */
export function describeError(err: unknown): string {
  if (err instanceof ClientRequestError) return `${err.code}: ${err.message}`;
  if (err instanceof ConnectionClosedError) return 'not connected right now (reconnecting…); try again in a moment';
  if (err instanceof HallwayClientError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
