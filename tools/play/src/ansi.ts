/**
 * The few ANSI escape codes the terminal UI needs. Everything that styles text goes
 * through a `Paint`, so the plain (piped) output is produced by the same renderers with
 * `paint(false)` and never contains an escape code.
 */

const ESC = '\x1b[';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  inverse(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => (s === '' ? s : `${ESC}${open}m${s}${ESC}${close}m`);
}

const identity = (s: string): string => s;

const COLORS: Paint = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  inverse: sgr(7, 27),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
};

const PLAIN: Paint = {
  bold: identity,
  dim: identity,
  inverse: identity,
  red: identity,
  green: identity,
  yellow: identity,
  blue: identity,
  magenta: identity,
  cyan: identity,
};

export function paint(colors: boolean): Paint {
  return colors ? COLORS : PLAIN;
}

/** Screen control, for the full-screen (TTY) mode only. */
export const term = {
  /** The alternate screen keeps the user's scrollback intact; leaving it restores it. */
  enterAltScreen: `${ESC}?1049h`,
  leaveAltScreen: `${ESC}?1049l`,
  home: `${ESC}H`,
  clearLine: `${ESC}2K`,
  clearScreen: `${ESC}2J`,
  showCursor: `${ESC}?25h`,
  hideCursor: `${ESC}?25l`,
  /** 1-based row and column. */
  moveTo: (row: number, col: number): string => `${ESC}${row};${col}H`,
};

// CSI sequences (colours, cursor moves) and OSC sequences ending in BEL or ST.
// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI_PATTERN, '');
}

/** Columns a string takes on screen: escape codes take none. */
export function visibleLength(s: string): number {
  return [...stripAnsi(s)].length;
}

/**
 * Cuts text to `width` columns, keeping escape codes whole (and resetting after a cut,
 * so a colour never bleeds into the next cell).
 */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  if (visibleLength(s) <= width) return s;
  let out = '';
  let used = 0;
  let styled = false;
  const tokens = s.split(/(\x1b\[[0-9;?]*[ -/]*[@-~])/); // eslint-disable-line no-control-regex
  for (const token of tokens) {
    if (token.startsWith('\x1b[')) {
      out += token;
      styled = true;
      continue;
    }
    for (const ch of token) {
      if (used === width - 1) return `${out}…${styled ? `${ESC}0m` : ''}`;
      out += ch;
      used += 1;
    }
  }
  return out;
}

/** Pads with spaces to `width` columns (after `fit`). */
export function pad(s: string, width: number): string {
  const fitted = fit(s, width);
  return fitted + ' '.repeat(Math.max(0, width - visibleLength(fitted)));
}

/**
 * Wraps plain text to `width` columns at spaces where possible, breaking long words.
 * Continuation lines are indented by `indent` spaces.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  if (width <= indent + 1) return [text];
  const lines: string[] = [];
  let rest = [...text];
  let first = true;
  while (rest.length > 0) {
    const room = first ? width : width - indent;
    if (rest.length <= room) {
      lines.push((first ? '' : ' '.repeat(indent)) + rest.join(''));
      break;
    }
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room;
    lines.push((first ? '' : ' '.repeat(indent)) + rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === ' ') rest.shift();
    first = false;
  }
  return lines;
}
