import { describe, expect, it } from 'vitest';
import { newGame, outcomeOf, play, WIN_LINES, type Cell, type Mark, type TicTacToe } from './tic-tac-toe.js';

/** Plays cells alternately starting with X; fails the test on any rejected move. */
function playAll(cells: number[]): TicTacToe {
  let game = newGame();
  for (const cell of cells) {
    const result = play(game, game.next, cell);
    if (!result.ok) throw new Error(`move ${cell} rejected: ${result.message}`);
    game = result.game;
  }
  return game;
}

function board(s: string): Cell[] {
  return [...s].map((c) => (c === 'X' || c === 'O' ? (c as Mark) : null));
}

describe('tic-tac-toe', () => {
  it('starts empty with X to move', () => {
    const game = newGame();
    expect(game.board).toEqual(Array(9).fill(null));
    expect(game.next).toBe('X');
    expect(game.moves).toBe(0);
    expect(game.outcome).toEqual({ kind: 'playing' });
  });

  it('alternates turns and never mutates the previous state', () => {
    const start = newGame();
    const r1 = play(start, 'X', 4);
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    expect(start.board[4]).toBeNull();
    expect(r1.game.board[4]).toBe('X');
    expect(r1.game.next).toBe('O');
    expect(r1.game.moves).toBe(1);
    const r2 = play(r1.game, 'O', 0);
    expect(r2.ok && r2.game.next).toBe('X');
  });

  it('rejects a move out of turn', () => {
    expect(play(newGame(), 'O', 0)).toMatchObject({ ok: false, error: 'NOT_YOUR_TURN' });
    const afterX = playAll([0]);
    expect(play(afterX, 'X', 1)).toMatchObject({ ok: false, error: 'NOT_YOUR_TURN' });
  });

  it('rejects an occupied cell and cells off the board', () => {
    const game = playAll([4]);
    expect(play(game, 'O', 4)).toMatchObject({ ok: false, error: 'ILLEGAL_MOVE' });
    for (const cell of [-1, 9, 1.5, Number.NaN]) expect(play(game, 'O', cell)).toMatchObject({ ok: false, error: 'ILLEGAL_MOVE' });
  });

  it('detects every winning line for both marks', () => {
    for (const line of WIN_LINES) {
      for (const mark of ['X', 'O'] as const) {
        const b: Cell[] = Array(9).fill(null);
        for (const i of line) b[i] = mark;
        expect(outcomeOf(b)).toEqual({ kind: 'win', mark, line });
      }
    }
  });

  it('ends with a win and refuses further moves', () => {
    // X: 0 1 2 (top row), O: 3 4
    const game = playAll([0, 3, 1, 4, 2]);
    expect(game.outcome).toEqual({ kind: 'win', mark: 'X', line: [0, 1, 2] });
    expect(play(game, 'O', 8)).toMatchObject({ ok: false, error: 'GAME_OVER' });
    expect(play(game, 'X', 8)).toMatchObject({ ok: false, error: 'GAME_OVER' });
  });

  it('lets O win too', () => {
    // X: 0 1 8, O: 2 4 6 (anti-diagonal)
    const game = playAll([0, 2, 1, 4, 8, 6]);
    expect(game.outcome).toEqual({ kind: 'win', mark: 'O', line: [2, 4, 6] });
  });

  it('detects a draw on a full board without a line', () => {
    // X O X / X O O / O X X
    const game = playAll([0, 1, 2, 4, 3, 5, 7, 6, 8]);
    expect(game.board).toEqual(board('XOXXOOOXX'));
    expect(game.moves).toBe(9);
    expect(game.outcome).toEqual({ kind: 'draw' });
    expect(play(game, 'O', 0)).toMatchObject({ ok: false, error: 'GAME_OVER' });
  });

  it('a win on the last move is a win, not a draw', () => {
    // X O X / O X O / O X X  -> X wins on the main diagonal with the ninth move
    expect(outcomeOf(board('XOXOXOOXX'))).toMatchObject({ kind: 'win', mark: 'X' });
  });

  it('reports a partial board as still playing', () => {
    expect(outcomeOf(board('XO.......'))).toEqual({ kind: 'playing' });
  });
});
