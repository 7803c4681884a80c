// The browser client served by the gate (GET / and /client.js): log in, lobby chat, quick
// match and tic-tac-toe, over one msgpack WebSocket back to the gate that served the page.
// Bundled by scripts/bundle-web.mjs. Everything from the server is safeParsed and shown
// with textContent only, so a player's name or message can never inject markup.
import { ClientRequestError, HallwayClient, HallwayClientError } from '@hallway/client';
import {
  ChatPushSchema,
  GameStateSchema,
  KickedPushSchema,
  LeftPushSchema,
  MatchedPushSchema,
  QuickMatchReplySchema,
  ReboundPushSchema,
  type ChatPush,
  type GameState,
  type LoginReply,
} from '@hallway/protocol';
import type { z } from 'zod';
import { gameStatus, winningLine } from './game-status.js';

type View = 'login' | 'lobby' | 'game';
type RoomInfo = z.infer<typeof MatchedPushSchema>['room'];

/** Kept per browser tab, so that a reload comes back as the same player (and into a running game). */
const SESSION_KEY = 'hallway.session';
const MAX_LOG_LINES = 200;

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const ui = {
  conn: el('conn'),
  who: el('who'),
  error: el('error'),
  views: { login: el('login-view'), lobby: el('lobby-view'), game: el('game-view') } satisfies Record<View, HTMLElement>,
  loginForm: el<HTMLFormElement>('login-form'),
  loginName: el<HTMLInputElement>('login-name'),
  loginButton: el<HTMLButtonElement>('login-button'),
  lobbyLog: el<HTMLOListElement>('lobby-log'),
  lobbyChatForm: el<HTMLFormElement>('lobby-chat-form'),
  lobbyChatInput: el<HTMLInputElement>('lobby-chat-input'),
  quickMatch: el<HTMLButtonElement>('quick-match'),
  matchStatus: el('match-status'),
  cancelMatch: el<HTMLButtonElement>('cancel-match'),
  logout: el<HTMLButtonElement>('logout'),
  roomName: el('room-name'),
  players: el<HTMLUListElement>('players'),
  board: el('board'),
  cells: [...document.querySelectorAll<HTMLButtonElement>('#board [data-cell]')],
  gameStatus: el('game-status'),
  leave: el<HTMLButtonElement>('leave'),
  gameLog: el<HTMLOListElement>('game-log'),
  gameChatForm: el<HTMLFormElement>('game-chat-form'),
  gameChatInput: el<HTMLInputElement>('game-chat-input'),
};

let client: HallwayClient | undefined;
let me: LoginReply | undefined;
let room: RoomInfo | undefined;
let game: GameState | undefined;
let errorTimer: ReturnType<typeof setTimeout> | undefined;

// ---- views ------------------------------------------------------------------------------

function show(view: View): void {
  for (const [name, section] of Object.entries(ui.views)) section.hidden = name !== view;
  document.body.dataset.view = view;
  if (view === 'lobby') ui.lobbyChatInput.focus();
  if (view === 'login') ui.loginName.focus();
}

function setConnection(state: 'offline' | 'connecting' | 'online' | 'reconnecting', detail = ''): void {
  ui.conn.dataset.state = state;
  ui.conn.textContent = detail ? `${state} · ${detail}` : state;
}

function showError(message: string): void {
  ui.error.textContent = message;
  ui.error.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (ui.error.hidden = true), 6_000);
}

function describe(err: unknown): string {
  if (err instanceof ClientRequestError) return `${err.code}: ${err.message}`;
  if (err instanceof HallwayClientError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

function appendLog(log: HTMLOListElement, entry: { who?: string; text: string; ts?: number; kind?: 'chat' | 'mine' | 'whisper' | 'notice' }): void {
  const li = document.createElement('li');
  li.className = entry.kind ?? 'chat';
  const time = document.createElement('time');
  const at = new Date(entry.ts ?? Date.now());
  time.dateTime = at.toISOString();
  time.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  li.append(time);
  if (entry.who !== undefined) {
    const who = document.createElement('b');
    who.textContent = entry.who;
    li.append(who);
  }
  const text = document.createElement('span');
  text.textContent = entry.text;
  li.append(text);
  log.append(li);
  while (log.childElementCount > MAX_LOG_LINES) log.firstElementChild?.remove();
  log.scrollTop = log.scrollHeight;
}

function notice(text: string): void {
  appendLog(game || room ? ui.gameLog : ui.lobbyLog, { text, kind: 'notice' });
}

function chatLine(log: HTMLOListElement, push: ChatPush, whisper = false): void {
  const mine = push.from.userId === me?.userId;
  appendLog(log, { who: whisper ? `${push.from.name} (whisper)` : push.from.name, text: push.text, ts: push.ts, kind: whisper ? 'whisper' : mine ? 'mine' : 'chat' });
}

function setWaiting(waiting: boolean): void {
  ui.matchStatus.hidden = !waiting;
  ui.quickMatch.disabled = waiting;
}

function renderGame(): void {
  if (!game || !me) return;
  const state = game;
  ui.roomName.textContent = room?.name ?? 'Tic-tac-toe';
  ui.players.replaceChildren(
    ...state.players.map((p) => {
      const li = document.createElement('li');
      li.dataset.mark = p.mark;
      if (state.turn === p.userId) li.classList.add('turn');
      const mark = document.createElement('span');
      mark.className = 'mark';
      mark.textContent = p.mark;
      const name = document.createElement('span');
      name.textContent = p.userId === me?.userId ? `${p.name} (you)` : p.name;
      li.append(mark, name);
      if (!p.connected) {
        const off = document.createElement('small');
        off.textContent = 'disconnected';
        li.append(off);
      }
      return li;
    }),
  );
  const myTurn = state.status === 'playing' && state.turn === me.userId;
  const line = state.status === 'finished' ? winningLine(state.board) : [];
  state.board.forEach((mark, i) => {
    const cell = ui.cells[i];
    if (!cell) return;
    cell.textContent = mark ?? '';
    cell.dataset.mark = mark ?? '';
    cell.classList.toggle('win', line.includes(i));
    cell.disabled = !myTurn || mark !== null;
    cell.setAttribute('aria-label', `row ${Math.floor(i / 3) + 1}, column ${(i % 3) + 1}: ${mark ?? 'empty'}`);
  });
  const status = gameStatus(state, me.userId);
  ui.gameStatus.textContent = status.text;
  ui.gameStatus.dataset.phase = status.phase;
  ui.board.dataset.phase = status.phase;
  ui.leave.textContent = state.status === 'finished' ? 'Back to the lobby' : 'Leave (forfeits a running game)';
  document.title = status.phase === 'my-turn' ? 'Your turn — hallway' : 'hallway';
}

function enterRoom(info: RoomInfo): void {
  const fresh = room?.roomId !== info.roomId;
  room = info;
  setWaiting(false);
  if (fresh) {
    game = undefined;
    ui.gameLog.replaceChildren();
    ui.gameStatus.textContent = 'Starting…';
    ui.gameStatus.dataset.phase = 'waiting';
    for (const cell of ui.cells) {
      cell.textContent = '';
      cell.dataset.mark = '';
      cell.classList.remove('win');
      cell.disabled = true;
    }
    ui.players.replaceChildren();
    ui.roomName.textContent = info.name;
    const others = info.players.filter((p) => p.userId !== me?.userId).map((p) => p.name);
    appendLog(ui.gameLog, { text: `${others.length ? `You play against ${others.join(', ')}.` : 'Waiting for an opponent.'} X moves first.`, kind: 'notice' });
  }
  show('game');
}

function backToLobby(text: string): void {
  room = undefined;
  game = undefined;
  document.title = 'hallway';
  show('lobby');
  appendLog(ui.lobbyLog, { text, kind: 'notice' });
}

function signedOut(message?: string): void {
  client = undefined;
  me = undefined;
  room = undefined;
  game = undefined;
  setWaiting(false);
  setConnection('offline');
  ui.who.textContent = '';
  ui.loginButton.disabled = false;
  show('login');
  if (message) showError(message);
}

// ---- the connection -----------------------------------------------------------------------

function loadSession(): { name: string; resume: string } | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && 'resume' in parsed) {
      const { name, resume } = parsed;
      if (typeof name === 'string' && typeof resume === 'string') return { name, resume };
    }
  } catch {
    // Storage blocked or garbage: log in as a new guest.
  }
  return undefined;
}

function saveSession(reply: LoginReply): void {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ name: reply.name, resume: reply.resume }));
  } catch {
    // Storage blocked: a reload logs in as a new guest, nothing else is lost.
  }
}

/** Pushes the server sends, each body checked against its schema before it is used. */
function listen(c: HallwayClient): void {
  const isCurrent = () => client === c;
  const on = <T>(route: string, schema: z.ZodType<T>, handle: (body: T) => void) =>
    c.on(route, (body: unknown) => {
      if (!isCurrent()) return;
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        showError(`ignored a malformed "${route}" from the server`);
        return;
      }
      handle(parsed.data);
    });

  on('hall.chat', ChatPushSchema, (push) => chatLine(ui.lobbyLog, push));
  on('hall.whisper', ChatPushSchema, (push) => chatLine(ui.lobbyLog, push, true));
  on('game.chat', ChatPushSchema, (push) => chatLine(ui.gameLog, push));
  on('hall.matched', MatchedPushSchema, ({ room: info }) => enterRoom(info));
  on('game.state', GameStateSchema, (state) => {
    if (room && state.roomId !== room.roomId) return;
    game = state;
    if (ui.views.game.hidden) show('game');
    renderGame();
  });
  on('game.left', LeftPushSchema, ({ reason }) => {
    const why = { left: 'You left the room.', finished: 'The room closed.', server_down: 'The game server went down; back in the lobby.', kicked: 'You were removed from the room.' }[reason];
    backToLobby(why);
  });
  on('gate.rebound', ReboundPushSchema, ({ hall }) => {
    if (me) me = { ...me, hall };
    setConnection('online', hall);
  });
  on('gate.kicked', KickedPushSchema, ({ reason }) => signedOut(`Disconnected by the server: ${reason}`));

  c.on('close', ({ code, willReconnect }) => {
    if (!isCurrent()) return;
    if (willReconnect) setConnection('reconnecting');
    else if (code === 4000) signedOut('You logged in somewhere else.');
    else signedOut(`Connection closed (${code}).`);
  });
  c.on('reconnected', ({ login }) => {
    if (!isCurrent() || !login) return;
    me = login;
    saveSession(login);
    setConnection('online', login.hall);
    if (!login.room && (room || game)) backToLobby('Reconnected; the game is over.');
    else notice('Reconnected.');
  });
  c.on('reconnectFailed', ({ error }) => {
    if (isCurrent()) signedOut(`Could not reconnect: ${describe(error)}`);
  });
  c.on('error', ({ error }) => {
    if (isCurrent()) showError(describe(error));
  });
}

async function logIn(name: string): Promise<void> {
  const saved = loadSession();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
  // msgpack: binary frames, the compact format; the gate answers in the kind it is spoken to.
  const c = new HallwayClient({ url, format: 'msgpack', reconnect: { enabled: true, maxAttempts: 8 } });
  client = c;
  listen(c);
  setConnection('connecting');
  try {
    await c.connect();
    const reply = await c.login({ name, resume: saved?.name === name ? saved.resume : undefined });
    if (!isStill(c)) return;
    me = reply;
    saveSession(reply);
    setConnection('online', reply.hall);
    ui.who.textContent = reply.name;
    ui.who.title = reply.userId;
    ui.lobbyLog.replaceChildren();
    if (reply.room) {
      // Back into a running game: hall.matched and game.state follow.
      ui.gameStatus.textContent = 'Rejoining your game…';
      show('game');
    } else show('lobby');
    appendLog(ui.lobbyLog, { text: `Welcome, ${reply.name}. Say hello, or press Quick match to play.`, kind: 'notice' });
  } catch (err) {
    if (!isStill(c)) return;
    client = undefined;
    void c.close();
    signedOut(`Could not log in: ${describe(err)}`);
  }
}

function isStill(c: HallwayClient): boolean {
  return client === c;
}

/** Runs a request from a button or form, showing its error (if any) instead of throwing. */
async function act<T>(run: (c: HallwayClient) => Promise<T>): Promise<T | undefined> {
  const c = client;
  if (!c) return undefined;
  try {
    return await run(c);
  } catch (err) {
    if (isStill(c)) showError(describe(err));
    return undefined;
  }
}

// ---- controls ---------------------------------------------------------------------------

ui.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.loginName.value.trim();
  if (!name) return;
  ui.loginButton.disabled = true;
  void logIn(name).finally(() => (ui.loginButton.disabled = false));
});

ui.lobbyChatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.lobbyChatInput.value.trim();
  if (!text) return;
  ui.lobbyChatInput.value = '';
  void act((c) => c.chat(text));
});

ui.gameChatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.gameChatInput.value.trim();
  if (!text) return;
  ui.gameChatInput.value = '';
  void act((c) => c.request('game.chat', { text }));
});

ui.quickMatch.addEventListener('click', () => {
  setWaiting(true);
  void act(async (c) => {
    const parsed = QuickMatchReplySchema.safeParse(await c.request('hall.quickMatch', {}));
    if (!parsed.success) throw new Error('unexpected hall.quickMatch reply');
    // Matched: the hall.matched push (already here or on its way) moves us into the room too.
    if (parsed.data.status === 'matched') enterRoom(parsed.data.room);
    return parsed.data.status;
  }).then((status) => {
    if (status === undefined) setWaiting(false);
  });
});

ui.cancelMatch.addEventListener('click', () => {
  void act(async (c) => {
    await c.request('hall.cancelMatch', {});
    setWaiting(false);
  });
});

ui.logout.addEventListener('click', () => {
  const c = client;
  client = undefined;
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // nothing stored
  }
  signedOut();
  void c?.logout().catch(() => c.close());
});

ui.board.addEventListener('click', (event) => {
  const cell = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-cell]');
  if (!cell || cell.disabled) return;
  const index = Number(cell.dataset.cell);
  // Disabled at once: a double click must not send a second move while the first is in flight.
  for (const c of ui.cells) c.disabled = true;
  void act(async (c) => {
    const parsed = GameStateSchema.safeParse(await c.request('game.move', { cell: index }));
    if (parsed.success && (!game || parsed.data.moves >= game.moves)) game = parsed.data;
  }).finally(renderGame);
});

ui.leave.addEventListener('click', () => {
  void act((c) => c.request('game.leave', {}));
});

const saved = loadSession();
if (saved) ui.loginName.value = saved.name;
setConnection('offline');
show('login');
