/**
 * Tic-tac-toe rules, free of rooms, players and I/O: a board of 9 cells (row by row,
 * 0 top-left … 8 bottom-right), X moves first, marks alternate, three in a line wins,
 * a full board without a line is a draw. States are immutable; `play` returns a new one.
 */

import { WIN_LINES } from '@hallway/protocol';

export type Mark = 'X' | 'O';
export type Cell = Mark | null;

export type Outcome = { kind: 'playing' } | { kind: 'win'; mark: Mark; line: readonly number[] } | { kind: 'draw' };

export interface TicTacToe {
  readonly board: readonly Cell[];
  /** Whose turn it is (meaningless once the outcome is not `playing`). */
  readonly next: Mark;
  readonly moves: number;
  readonly outcome: Outcome;
}

export type MoveError = 'NOT_YOUR_TURN' | 'ILLEGAL_MOVE' | 'GAME_OVER';

export type MoveResult = { ok: true; game: TicTacToe } | { ok: false; error: MoveError; message: string };

export const BOARD_SIZE = 9;

export { WIN_LINES };

export function newGame(): TicTacToe {
  return { board: Array<Cell>(BOARD_SIZE).fill(null), next: 'X', moves: 0, outcome: { kind: 'playing' } };
}

export function otherMark(mark: Mark): Mark {
  return mark === 'X' ? 'O' : 'X';
}

/** The outcome a board shows: a completed line wins, a full board is a draw. */
export function outcomeOf(board: readonly Cell[]): Outcome {
  for (const line of WIN_LINES) {
    const [a, b, c] = line;
    const mark = board[a];
    if (mark && mark === board[b] && mark === board[c]) return { kind: 'win', mark, line };
  }
  return board.every((cell) => cell !== null) ? { kind: 'draw' } : { kind: 'playing' };
}

/**
 * `mark` puts its mark on `cell`. Checks, in this order: the game is still running,
 * it is `mark`'s turn, the cell exists and is empty.
 */
export function play(game: TicTacToe, mark: Mark, cell: number): MoveResult {
  if (game.outcome.kind !== 'playing') return { ok: false, error: 'GAME_OVER', message: 'the game is over' };
  if (mark !== game.next) return { ok: false, error: 'NOT_YOUR_TURN', message: `it is ${game.next}'s turn` };
  if (!Number.isInteger(cell) || cell < 0 || cell >= BOARD_SIZE) {
    return { ok: false, error: 'ILLEGAL_MOVE', message: `cell ${cell} is not on the board (0-8)` };
  }
  if (game.board[cell] !== null) return { ok: false, error: 'ILLEGAL_MOVE', message: `cell ${cell} is already taken` };
  const board = [...game.board];
  board[cell] = mark;
  return { ok: true, game: { board, next: otherMark(mark), moves: game.moves + 1, outcome: outcomeOf(board) } };
}
