import { fit, pad, paint as makePaint, visibleLength, wrap, type Paint } from './ansi.js';
import { renderBoard, type BoardStyle } from './board.js';
import type { Message, PlayState } from './state.js';

const PREFIX: Record<Message['kind'], string> = {
  chat: '',
  'room-chat': '',
  'whisper-in': '» ',
  'whisper-out': '« ',
  system: '* ',
  info: '',
  error: '! ',
};

/** A message as one line of text (no time, no colour): what the plain mode prints. */
export function messageText(message: Message): string {
  return PREFIX[message.kind] + message.text;
}

function colourOf(kind: Message['kind'], paint: Paint): (s: string) => string {
  switch (kind) {
    case 'room-chat':
      return paint.cyan;
    case 'whisper-in':
    case 'whisper-out':
      return paint.magenta;
    case 'system':
      return paint.yellow;
    case 'error':
      return (s) => paint.bold(paint.red(s));
    default:
      return (s) => s;
  }
}

/** `hh:mm` in local time. */
export function clock(ts: number): string {
  const d = new Date(ts);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Where the player is, in words. */
export function placeText(state: PlayState): string {
  switch (state.place) {
    case 'lobby':
      return 'lobby';
    case 'waiting':
      return 'waiting for a match';
    case 'room':
      return state.room ? `in room "${state.room.name}"` : 'in a room';
  }
}

export function connectionText(state: PlayState): string {
  switch (state.connection) {
    case 'connecting':
      return 'connecting…';
    case 'online':
      return 'online';
    case 'reconnecting':
      return state.reconnectAttempt > 1 ? `reconnecting… (attempt ${state.reconnectAttempt})` : 'reconnecting…';
    case 'offline':
      return 'offline';
  }
}

/**
 * The header: who and where on the left (name, user id, hall, gate url), the state on
 * the right (place and connection), which stays visible when the left part is cut.
 */
export function renderHeader(state: PlayState, width: number, paint: Paint = makePaint(false)): string {
  const user = state.me ? `${state.me.name} (${state.me.userId})` : '…';
  // Plain text, cut before styling: a cut inside styled text would end in a reset, which
  // would also end the header's inverse video.
  const left = ` hallway · ${user} · ${state.hall ?? '-'} · ${state.url}`;
  const connColour = state.connection === 'online' ? paint.green : state.connection === 'offline' ? paint.red : paint.yellow;
  const right = `${paint.bold(placeText(state))} · ${connColour(connectionText(state))} `;
  const room = width - visibleLength(right);
  if (room < 12) return pad(fit(right, width), width);
  return pad(`${pad(left, room - 1).replace(/^ hallway/, ` ${paint.bold('hallway')}`)} ${right}`, width);
}

export interface ScreenOptions {
  width: number;
  height: number;
  /** Lines scrolled up from the newest message (PageUp / PageDown). */
  scroll?: number;
  paint?: Paint;
  board?: BoardStyle;
}

export interface Screen {
  /** Exactly `height - 1` lines, each at most `width` columns; the last row is left for the input line. */
  lines: string[];
  /** The scroll actually applied (clamped to what there is to scroll). */
  scroll: number;
}

const MIN_MESSAGE_ROWS = 3;

/**
 * The full-screen view: a header, the game when in a room, the scrolling messages
 * (newest at the bottom) and a footer rule; the row below is the input line, which
 * readline draws. Pure: the same state and size give the same lines.
 */
export function renderScreen(state: PlayState, options: ScreenOptions): Screen {
  const width = Math.max(20, options.width);
  const height = Math.max(8, options.height);
  const paint = options.paint ?? makePaint(false);
  const ruleChar = options.board?.unicode === false ? '-' : '─';
  const rule = (title = ''): string => {
    const head = title ? `${ruleChar}${ruleChar} ${title} ` : '';
    return paint.dim(head + ruleChar.repeat(Math.max(0, width - visibleLength(head))));
  };

  const top: string[] = [paint.inverse(renderHeader(state, width, paint))];
  if (state.place === 'room') {
    const room = state.room;
    top.push(rule(room ? `room "${room.name}" · ${room.roomId}` : 'room'));
    if (state.game) top.push(...renderBoard(state.game, state.me?.userId, options.board ?? { paint, unicode: true }).map((l) => ` ${l}`));
    else top.push(paint.dim(' waiting for the game…'));
  }
  top.push(rule('messages'));

  // The board gives way before the messages do on a very short terminal.
  let messageRows = height - 1 - top.length - 1;
  if (messageRows < MIN_MESSAGE_ROWS) {
    top.splice(1, top.length - 2);
    messageRows = height - 1 - top.length - 1;
  }

  const { lines: shown, scroll } = messageLines(state.messages, width, messageRows, options.scroll ?? 0, paint);
  const footer = rule(scroll > 0 ? `scrolled up ${scroll} · PgDn` : '/help for commands · PgUp/PgDn scroll');
  const lines = [...top, ...Array<string>(messageRows - shown.length).fill(''), ...shown, footer].map((l) => fit(l, width));
  return { lines, scroll };
}

/** The last `rows` wrapped message lines, `scroll` lines up from the bottom. */
function messageLines(messages: readonly Message[], width: number, rows: number, scroll: number, paint: Paint): { lines: string[]; scroll: number } {
  const wanted = rows + Math.max(0, scroll);
  const collected: string[] = [];
  for (let i = messages.length - 1; i >= 0 && collected.length < wanted; i--) {
    const message = messages[i]!;
    const time = `${clock(message.ts)} `;
    const colour = colourOf(message.kind, paint);
    const wrapped = wrap(messageText(message), width - time.length, 2).map((line, j) => (j === 0 ? paint.dim(time) : ' '.repeat(time.length)) + colour(line));
    collected.unshift(...wrapped);
  }
  const maxScroll = Math.max(0, collected.length - rows);
  const applied = Math.min(Math.max(0, scroll), maxScroll);
  const end = collected.length - applied;
  return { lines: collected.slice(Math.max(0, end - rows), end), scroll: applied };
}
