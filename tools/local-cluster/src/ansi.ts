/** ANSI SGR codes used by the log printer. */
export const ANSI = {
  bold: 1,
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  brightRed: 91,
  brightGreen: 92,
  brightYellow: 93,
  brightBlue: 94,
  brightMagenta: 95,
  brightCyan: 96,
} as const;

export type AnsiCode = (typeof ANSI)[keyof typeof ANSI];

/** Service labels cycle through these, so neighbouring processes are told apart at a glance. */
export const LABEL_COLOURS: readonly AnsiCode[] = [
  ANSI.cyan,
  ANSI.magenta,
  ANSI.green,
  ANSI.yellow,
  ANSI.blue,
  ANSI.brightCyan,
  ANSI.brightMagenta,
  ANSI.brightGreen,
  ANSI.brightYellow,
  ANSI.brightBlue,
];

/** Wraps `text` in the codes when `enabled` (a TTY without NO_COLOR); returns it untouched otherwise. */
export function paint(enabled: boolean, codes: AnsiCode | readonly AnsiCode[], text: string): string {
  if (!enabled || text === '') return text;
  const list = typeof codes === 'number' ? [codes] : codes;
  return `\u001b[${list.join(';')}m${text}\u001b[0m`;
}
