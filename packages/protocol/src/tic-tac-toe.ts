/**
 * The rows, columns and diagonals of the tic-tac-toe board (cells 0–8, row by row): the
 * game server decides wins with them, clients highlight the winning line. Part of the
 * game's contract, so it is defined once.
 */
export const WIN_LINES: readonly (readonly [number, number, number])[] = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
];
