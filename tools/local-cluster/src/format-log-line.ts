import { ANSI, paint, type AnsiCode } from './ansi.js';

export interface FormatLogLineOptions {
  color: boolean;
  /**
   * The id of the server that wrote the line: not repeated on every line (the prefix
   * names the process), but a `serverId` naming another server (the observer's "server
   * joined") is shown.
   */
  ownServerId?: string;
}

/** A parsed pino line. */
export type LogRecord = Record<string, unknown>;

/** pino's numeric levels, for lines from loggers that do not write the level as a word. */
const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_COLOURS: Record<string, AnsiCode | readonly AnsiCode[]> = {
  trace: ANSI.gray,
  debug: ANSI.gray,
  info: ANSI.green,
  warn: ANSI.yellow,
  error: ANSI.red,
  fatal: [ANSI.bold, ANSI.red],
};
/** Shown elsewhere (prefix, time, level, component) or noise for a human reader. */
const HIDDEN_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'epoch', 'component', 'v']);
const MAX_VALUE_CHARS = 200;

/**
 * Turns one pino JSON line into a short human line:
 * `12:03:04.123 INFO  [heartbeat] registered with the observer  views=3`.
 * Anything that is not a JSON object (a stack trace on stderr, redis-server's own log)
 * is returned unchanged, so nothing a process prints is lost.
 */
export function formatLogLine(raw: string, options: FormatLogLineOptions): string {
  const record = parseLogRecord(raw);
  return record === undefined ? raw : formatLogRecord(record, options);
}

export function formatLogRecord(record: LogRecord, options: FormatLogLineOptions): string {
  const { color, ownServerId } = options;
  const level = levelOf(record.level);
  const parts: string[] = [];
  const time = timeOf(record.time);
  if (time !== undefined) parts.push(paint(color, ANSI.dim, time));
  parts.push(paint(color, LEVEL_COLOURS[level] ?? ANSI.bold, level.toUpperCase().padEnd(5)));
  if (typeof record.component === 'string') parts.push(paint(color, ANSI.dim, `[${record.component}]`));
  if (record.msg !== undefined) parts.push(String(record.msg));
  const extras = Object.entries(record)
    .filter(([key, value]) => !HIDDEN_KEYS.has(key) && value !== undefined && !(key === 'serverId' && value === ownServerId))
    .map(([key, value]) => `${key}=${key === 'err' ? errorSummary(value) : valueText(value)}`);
  let line = parts.join(' ');
  if (extras.length > 0) line += `  ${paint(color, ANSI.dim, extras.join(' '))}`;
  const stack = level === 'error' || level === 'fatal' ? stackOf(record.err) : undefined;
  if (stack !== undefined) line += `\n${stack.split('\n').slice(1).join('\n')}`;
  return line;
}

/** The JSON object on the line, or undefined for anything else. */
export function parseLogRecord(raw: string): LogRecord | undefined {
  if (!raw.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

function levelOf(level: unknown): string {
  if (typeof level === 'number') return LEVEL_NAMES[level] ?? `level${level}`;
  return typeof level === 'string' ? level : 'info';
}

/** Local wall-clock time with milliseconds: the date is noise while watching a local cluster. */
function timeOf(time: unknown): string | undefined {
  if (typeof time !== 'string' && typeof time !== 'number') return undefined;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return undefined;
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? (/^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value)) : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function errorSummary(err: unknown): string {
  if (typeof err !== 'object' || err === null) return valueText(err);
  const { type, message, code } = err as { type?: unknown; message?: unknown; code?: unknown };
  const head = typeof type === 'string' ? `${type}: ` : '';
  const tail = typeof code === 'string' ? ` (${code})` : '';
  return JSON.stringify(`${head}${String(message ?? '')}${tail}`);
}

function stackOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { stack } = err as { stack?: unknown };
  return typeof stack === 'string' && stack.includes('\n') ? stack : undefined;
}
