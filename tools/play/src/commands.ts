/** One line of input, understood. `cell` is 0–8 (the protocol's), typed as 1–9. */
export type Command =
  | { type: 'empty' }
  | { type: 'chat'; text: string }
  | { type: 'whisper'; to: string; text: string }
  | { type: 'reply'; text: string }
  | { type: 'rooms' }
  | { type: 'create'; name: string | undefined }
  | { type: 'join'; target: JoinTarget }
  | { type: 'match' }
  | { type: 'cancel' }
  | { type: 'leave' }
  | { type: 'move'; cell: number }
  | { type: 'state' }
  | { type: 'help' }
  | { type: 'quit' }
  | { type: 'invalid'; message: string };

/** `/join 2` picks the 2nd room of the last `/rooms` list; anything else is a room id. */
export type JoinTarget = { index: number } | { roomId: string };

/** The protocol's chat limit; longer lines are refused here rather than by the server. */
export const MAX_TEXT = 500;

export interface CommandHelp {
  usage: string;
  what: string;
}

/** The `/help` text, in the order shown. */
export const COMMAND_HELP: readonly CommandHelp[] = [
  { usage: '<text>', what: 'chat (lobby chat in the lobby, room chat in a room)' },
  { usage: '/w <user> <text>', what: 'whisper; <user> is a user id or the name of someone seen' },
  { usage: '/r <text>', what: 'reply to the last whisper' },
  { usage: '/rooms', what: 'list open and running rooms' },
  { usage: '/create [name]', what: 'open a room and wait in it for an opponent' },
  { usage: '/join <roomId|n>', what: 'join a room (n: its number in the last /rooms list)' },
  { usage: '/match', what: 'quick match with the longest-waiting player' },
  { usage: '/cancel', what: 'leave the quick-match queue' },
  { usage: '1-9 or /move <n>', what: 'play a cell (1 top left … 9 bottom right)' },
  { usage: '/state', what: 'show the game (or where you are)' },
  { usage: '/leave', what: 'leave the room (forfeits a running game)' },
  { usage: '/help', what: 'this list' },
  { usage: '/quit', what: 'log out and exit' },
];

const ALIASES: Record<string, string> = {
  whisper: 'w',
  msg: 'w',
  reply: 'r',
  list: 'rooms',
  new: 'create',
  quickmatch: 'match',
  m: 'move',
  exit: 'quit',
  q: 'quit',
  h: 'help',
  '?': 'help',
};

/**
 * Parses one input line. Plain text is chat, a lone digit 1–9 is a move, and `/cmd args`
 * a command. Pure: what a command means in the current place (lobby or room) is decided
 * by whoever runs it.
 */
export function parseCommand(line: string): Command {
  const trimmed = line.trim();
  if (trimmed === '') return { type: 'empty' };
  if (/^[1-9]$/.test(trimmed)) return { type: 'move', cell: Number(trimmed) - 1 };
  if (!trimmed.startsWith('/')) return text('chat', trimmed);
  // `//text` sends text that starts with a slash.
  if (trimmed.startsWith('//')) return text('chat', trimmed.slice(1));

  const match = /^\/(\S+)\s*(.*)$/s.exec(trimmed)!;
  const word = match[1]!.toLowerCase();
  const rest = match[2]!.trim();
  const name = ALIASES[word] ?? word;
  switch (name) {
    case 'w': {
      const parts = /^(\S+)\s+(.+)$/s.exec(rest);
      if (!parts) return invalid('usage: /w <user> <text>');
      const body = text('whisper', parts[2]!);
      return body.type === 'invalid' ? body : { type: 'whisper', to: parts[1]!, text: body.text };
    }
    case 'r':
      if (rest === '') return invalid('usage: /r <text>');
      return text('reply', rest);
    case 'rooms':
    case 'match':
    case 'cancel':
    case 'leave':
    case 'state':
    case 'help':
    case 'quit':
      if (rest !== '') return invalid(`/${name} takes no arguments`);
      return { type: name };
    case 'create':
      if (rest.length > 64) return invalid('a room name is at most 64 characters');
      return { type: 'create', name: rest === '' ? undefined : rest };
    case 'join':
      if (rest === '' || /\s/.test(rest)) return invalid('usage: /join <roomId> or /join <n> (from /rooms)');
      if (/^\d+$/.test(rest)) {
        const index = Number(rest);
        return index >= 1 ? { type: 'join', target: { index } } : invalid('rooms are numbered from 1');
      }
      return { type: 'join', target: { roomId: rest } };
    case 'move':
      if (!/^[1-9]$/.test(rest)) return invalid('usage: /move <1-9>');
      return { type: 'move', cell: Number(rest) - 1 };
    default:
      return invalid(`unknown command /${word} (try /help)`);
  }
}

function text<T extends 'chat' | 'whisper' | 'reply'>(type: T, value: string): { type: T; text: string } | { type: 'invalid'; message: string } {
  if (value.length > MAX_TEXT) return invalid(`a message is at most ${MAX_TEXT} characters (this one has ${value.length})`);
  return { type, text: value };
}

function invalid(message: string): { type: 'invalid'; message: string } {
  return { type: 'invalid', message };
}
