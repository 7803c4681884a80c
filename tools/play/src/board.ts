import type { GameState } from '@hallway/protocol';
import { paint as makePaint, pad, type Paint } from './ansi.js';

export interface BoardStyle {
  /** Colours (TTY) or none (plain). */
  paint: Paint;
  /** Box-drawing characters (TTY) or ASCII (plain: survives any pipe, font and locale). */
  unicode: boolean;
}

export const PLAIN_BOARD: BoardStyle = { paint: makePaint(false), unicode: false };
export const TTY_BOARD: BoardStyle = { paint: makePaint(true), unicode: true };

/** Width of the grid, for laying out what goes beside it. */
export const GRID_WIDTH = 11;

type Player = GameState['players'][number];

/**
 * The tic-tac-toe game as lines: the 3×3 grid (empty cells show their number 1–9, the
 * key to type) with the players and the status beside it. `me` is the viewer's user id.
 */
export function renderBoard(game: GameState, me: string | undefined, style: BoardStyle = PLAIN_BOARD): string[] {
  const grid = renderGrid(game, style);
  const x = game.players.find((p) => p.mark === 'X');
  const o = game.players.find((p) => p.mark === 'O');
  const side = [playerLine('X', x, game, me, style), playerLine('O', o, game, me, style), '', describeGame(game, me, style.paint)];
  return grid.map((line, i) => {
    const beside = side[i];
    return beside ? `${pad(line, GRID_WIDTH)}    ${beside}` : line;
  });
}

/** Five lines: three rows of cells and the two rules between them. */
export function renderGrid(game: GameState, style: BoardStyle = PLAIN_BOARD): string[] {
  const { paint } = style;
  const bar = style.unicode ? '│' : '|';
  const rule = style.unicode ? '───┼───┼───' : '---+---+---';
  const cell = (i: number): string => {
    const mark = game.board[i];
    if (mark === 'X') return paint.bold(paint.cyan('X'));
    if (mark === 'O') return paint.bold(paint.yellow('O'));
    return paint.dim(String(i + 1));
  };
  const row = (r: number): string => ` ${cell(r * 3)} ${bar} ${cell(r * 3 + 1)} ${bar} ${cell(r * 3 + 2)} `;
  return [row(0), paint.dim(rule), row(1), paint.dim(rule), row(2)];
}

/**
 * One line saying where the game stands: whose turn it is, or the result. A finished
 * game's line starts with "Result:" (scripts and tests look for it).
 */
export function describeGame(game: GameState, me: string | undefined, paint: Paint = PLAIN_BOARD.paint): string {
  const player = (userId: string | null): Player | undefined => game.players.find((p) => p.userId === userId);
  const who = (p: Player | undefined): string => (p === undefined ? 'nobody' : p.userId === me ? 'you' : `${p.name} (${p.mark})`);
  switch (game.status) {
    case 'waiting':
      return paint.dim('waiting for an opponent to join…');
    case 'playing': {
      const turn = player(game.turn);
      if (turn === undefined) return 'playing';
      const away = turn.connected ? '' : ' · disconnected, waiting for them to return';
      if (turn.userId === me) return paint.bold(paint.green(`your turn (${turn.mark}): type 1-9`)) + away;
      return `${turn.name}'s turn (${turn.mark})${away}`;
    }
    case 'finished': {
      const winner = player(game.winner);
      const loser = game.players.find((p) => p.userId !== game.winner);
      let text: string;
      if (game.result === 'draw') text = 'Result: draw';
      else if (winner === undefined) text = 'Result: abandoned';
      else if (game.result === 'forfeit') text = `Result: ${winner.userId === me ? 'you win' : `${who(winner)} wins`}; ${who(loser)} forfeited`;
      else text = `Result: ${winner.userId === me ? 'you win!' : `${who(winner)} wins`}`;
      const colour = game.winner === null ? paint.yellow : game.winner === me ? paint.green : paint.red;
      return `${paint.bold(colour(text))} · /leave for the lobby`;
    }
    default:
      return String(game.status);
  }
}

function playerLine(mark: 'X' | 'O', player: Player | undefined, game: GameState, me: string | undefined, style: BoardStyle): string {
  const { paint } = style;
  const symbol = mark === 'X' ? paint.bold(paint.cyan('X')) : paint.bold(paint.yellow('O'));
  if (player === undefined) return `${symbol}  ${paint.dim('(open seat)')}`;
  const you = player.userId === me ? ' (you)' : '';
  // A player who left a game is listed too (not connected): only a running game can be rejoined.
  const away = player.connected ? '' : paint.red(game.status === 'finished' ? ' · left' : ' · disconnected');
  const turn = game.status === 'playing' && game.turn === player.userId;
  const pointer = turn ? (style.unicode ? ' ◂' : ' <') : '';
  return `${symbol}  ${player.name}${you}${away}${pointer}`;
}
