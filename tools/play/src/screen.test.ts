import { describe, expect, it } from 'vitest';
import { fit, pad, paint, stripAnsi, visibleLength, wrap } from './ansi.js';
import { TTY_BOARD } from './board.js';
import { clock, messageText, renderHeader, renderScreen } from './screen.js';
import { PlayState } from './state.js';
import { game, login, room } from '../test/fixtures.js';

function lobby(): PlayState {
  const state = new PlayState('ws://gate:8000', () => new Date(2026, 0, 1, 9, 5).getTime());
  state.loggedIn(login());
  return state;
}

describe('renderScreen', () => {
  it('fills the terminal: header, messages at the bottom, a footer, and a free last row for the input', () => {
    const state = lobby();
    state.push('hall.chat', { from: { userId: 'g-bob', name: 'bob' }, text: 'hello', ts: new Date(2026, 0, 1, 9, 6).getTime() });
    const { lines } = renderScreen(state, { width: 60, height: 12 });
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(' hallway · alice (g-alice) · hall001 · ws:/… lobby · online ');
    expect(renderHeader(state, 80)).toMatch(/^ hallway · alice \(g-alice\) · hall001 · ws:\/\/gate:8000 +lobby · online $/);
    expect(lines.slice(1)).toEqual([
      `── messages ${'─'.repeat(48)}`,
      '',
      '',
      '',
      '',
      '',
      '09:05 * connected to ws://gate:8000 as alice (g-alice) on',
      '        hall001',
      '09:06 bob: hello',
      `── /help for commands · PgUp/PgDn scroll ${'─'.repeat(19)}`,
    ]);
  });

  it('shows the board in a room, with the room in the header', () => {
    const state = lobby();
    state.push('hall.matched', { room: room() });
    state.push('game.state', game('X...O....'));
    const { lines } = renderScreen(state, { width: 70, height: 20 });
    expect(lines[0]).toContain('in room "Quick match" · online');
    expect(lines[1]).toMatch(/^── room "Quick match" · game001-1-abc ─+$/);
    expect(lines.slice(2, 7)).toEqual([
      '  X │ 2 │ 3     X  alice (you) ◂',
      ' ───┼───┼───    O  bob',
      '  4 │ O │ 6 ',
      ' ───┼───┼───    your turn (X): type 1-9',
      '  7 │ 8 │ 9 ',
    ]);
    expect(lines[7]).toMatch(/^── messages/);
  });

  it('keeps the header state visible on a narrow terminal', () => {
    const state = lobby();
    state.matchReply({ status: 'waiting' });
    state.disconnected(1006, '', true);
    const header = renderHeader(state, 50);
    expect(header).toHaveLength(50);
    expect(header).toBe(' hallway · a… waiting for a match · reconnecting… ');
  });

  it('drops the board before the messages on a very short terminal', () => {
    const state = lobby();
    state.push('hall.matched', { room: room() });
    state.push('game.state', game('.........'));
    const { lines } = renderScreen(state, { width: 60, height: 8 });
    expect(lines).toHaveLength(7);
    expect(lines.join('\n')).not.toContain('---+');
    expect(lines.at(-2)).toContain('game on');
  });

  it('scrolls back through older messages, as far as there are', () => {
    const state = lobby();
    for (let i = 1; i <= 30; i++) state.notice('info', `line ${i}`);
    const bottom = renderScreen(state, { width: 40, height: 10 });
    expect(bottom.lines.at(-2)).toContain('line 30');
    const up = renderScreen(state, { width: 40, height: 10, scroll: 5 });
    expect(up.scroll).toBe(5);
    expect(up.lines.at(-2)).toContain('line 25');
    expect(up.lines.at(-1)).toContain('scrolled up 5');
    const top = renderScreen(state, { width: 40, height: 10, scroll: 1000 });
    expect(top.lines[2]).toContain('connected to');
    expect(top.scroll).toBeLessThan(1000);
  });

  it('colours on a terminal without changing what is written, and never goes past the width', () => {
    const state = lobby();
    state.notice('error', 'NOT_YOUR_TURN: it is X\'s turn');
    state.push('hall.matched', { room: room() });
    state.push('game.state', game('X...O....'));
    const plain = renderScreen(state, { width: 50, height: 20 }).lines;
    const tty = renderScreen(state, { width: 50, height: 20, paint: paint(true), board: TTY_BOARD }).lines;
    expect(tty.join('')).toContain('\x1b[');
    expect(plain.join('')).not.toContain('\x1b');
    expect(tty.map(stripAnsi)).toEqual(plain);
    for (const line of tty) expect(visibleLength(line)).toBeLessThanOrEqual(50);
  });
});

describe('messages', () => {
  it('marks each kind so a plain transcript reads well', () => {
    const m = (kind: Parameters<typeof messageText>[0]['kind'], text: string): string => messageText({ seq: 1, kind, text, ts: 0 });
    expect(m('chat', 'bob: hi')).toBe('bob: hi');
    expect(m('system', 'matched')).toBe('* matched');
    expect(m('error', 'ROOM_FULL: full')).toBe('! ROOM_FULL: full');
    expect(m('whisper-in', 'x')).toBe('» x');
    expect(clock(new Date(2026, 0, 1, 7, 3).getTime())).toBe('07:03');
  });
});

describe('ansi helpers', () => {
  it('measures, cuts and pads around escape codes', () => {
    const red = paint(true).red('hello');
    expect(visibleLength(red)).toBe(5);
    expect(stripAnsi(fit(red, 3))).toBe('he…');
    expect(fit(red, 3).endsWith('\x1b[0m')).toBe(true);
    expect(fit('hello', 5)).toBe('hello');
    expect(pad('ab', 4)).toBe('ab  ');
  });

  it('wraps at spaces, breaks long words, and indents what follows', () => {
    expect(wrap('one two three', 7, 2)).toEqual(['one two', '  three']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('short', 10)).toEqual(['short']);
  });
});
