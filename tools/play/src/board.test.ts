import { describe, expect, it } from 'vitest';
import { stripAnsi } from './ansi.js';
import { describeGame, PLAIN_BOARD, renderBoard, renderGrid, TTY_BOARD } from './board.js';
import { ALICE, BOB, game } from '../test/fixtures.js';

describe('renderGrid', () => {
  it('shows marks, and the key to type in each empty cell', () => {
    expect(renderGrid(game('X...O....'))).toEqual([
      ' X | 2 | 3 ', //
      '---+---+---',
      ' 4 | O | 6 ',
      '---+---+---',
      ' 7 | 8 | 9 ',
    ]);
  });

  it('draws boxes and colours on a terminal, and the same picture without them', () => {
    const tty = renderGrid(game('X...O...X'), TTY_BOARD);
    expect(tty.join('\n')).toContain('\x1b[');
    expect(tty.map(stripAnsi)).toEqual([' X │ 2 │ 3 ', '───┼───┼───', ' 4 │ O │ 6 ', '───┼───┼───', ' 7 │ 8 │ X ']);
  });
});

describe('describeGame', () => {
  it('says whose turn it is, from the viewer\'s side', () => {
    expect(describeGame(game('.........'), ALICE.userId)).toBe('your turn (X): type 1-9');
    expect(describeGame(game('.........'), BOB.userId)).toBe("alice's turn (X)");
    expect(describeGame(game('X........', { turn: BOB.userId }), ALICE.userId)).toBe("bob's turn (O)");
  });

  it('says when the player to move has dropped', () => {
    const g = game('X........', { turn: BOB.userId, players: [{ ...ALICE, mark: 'X', connected: true }, { ...BOB, mark: 'O', connected: false }] });
    expect(describeGame(g, ALICE.userId)).toBe("bob's turn (O) · disconnected, waiting for them to return");
  });

  it('says "Result:" and who won, drew or forfeited', () => {
    const won = game('XXXOO....', { status: 'finished', turn: null, winner: ALICE.userId, result: 'win' });
    expect(describeGame(won, ALICE.userId)).toBe('Result: you win! · /leave for the lobby');
    expect(describeGame(won, BOB.userId)).toBe('Result: alice (X) wins · /leave for the lobby');
    expect(describeGame(won, undefined)).toBe('Result: alice (X) wins · /leave for the lobby');
    const draw = game('XOXXOOOXX', { status: 'finished', turn: null, result: 'draw' });
    expect(describeGame(draw, ALICE.userId)).toBe('Result: draw · /leave for the lobby');
    const forfeit = game('X........', { status: 'finished', turn: null, winner: BOB.userId, result: 'forfeit' });
    expect(describeGame(forfeit, ALICE.userId)).toBe('Result: bob (O) wins; you forfeited · /leave for the lobby');
    expect(describeGame(forfeit, BOB.userId)).toBe('Result: you win; alice (X) forfeited · /leave for the lobby');
  });

  it('says when the room waits for a second player', () => {
    const waiting = game('.........', { status: 'waiting', turn: null, players: [{ ...ALICE, mark: 'X', connected: true }] });
    expect(describeGame(waiting, ALICE.userId)).toBe('waiting for an opponent to join…');
  });
});

describe('renderBoard', () => {
  it('puts the players and the status beside the grid', () => {
    expect(renderBoard(game('X...O....', { turn: ALICE.userId, moves: 2 }), BOB.userId, PLAIN_BOARD)).toEqual([
      ' X | 2 | 3     X  alice <',
      '---+---+---    O  bob (you)',
      ' 4 | O | 6 ',
      "---+---+---    alice's turn (X)",
      ' 7 | 8 | 9 ',
    ]);
  });

  it('shows an open seat, and a player who left or dropped', () => {
    const waiting = game('.........', { status: 'waiting', turn: null, players: [{ ...ALICE, mark: 'X', connected: true }] });
    expect(renderBoard(waiting, ALICE.userId)[1]).toBe('---+---+---    O  (open seat)');
    const dropped = game('X........', { turn: BOB.userId, players: [{ ...ALICE, mark: 'X', connected: true }, { ...BOB, mark: 'O', connected: false }] });
    expect(renderBoard(dropped, ALICE.userId)[1]).toBe('---+---+---    O  bob · disconnected <');
    const left = { ...dropped, status: 'finished' as const, turn: null, winner: ALICE.userId, result: 'forfeit' as const };
    expect(renderBoard(left, ALICE.userId)[1]).toBe('---+---+---    O  bob · left');
  });
});
