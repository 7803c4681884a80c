import { WIN_LINES, type GameState } from '@hallway/protocol';

/** What the status line under the board says, and a machine-readable phase for styling. */
export interface GameStatus {
  phase: 'waiting' | 'my-turn' | 'their-turn' | 'won' | 'lost' | 'draw' | 'over';
  text: string;
}

/**
 * The status line of a tic-tac-toe game as seen by the player `me`: whose turn it is
 * while it runs, the result once it is over. Kept apart from the DOM so it can be
 * tested in Node.
 */
export function gameStatus(state: GameState, me: string): GameStatus {
  const mine = state.players.find((p) => p.userId === me);
  const other = state.players.find((p) => p.userId !== me);
  const nameOf = (userId: string | null): string => state.players.find((p) => p.userId === userId)?.name ?? 'someone';

  switch (state.status) {
    case 'waiting':
      return { phase: 'waiting', text: 'Waiting for a second player…' };
    case 'playing': {
      const absent = other && !other.connected ? ` ${other.name} lost the connection; they have a little time to come back.` : '';
      if (state.turn === me) return { phase: 'my-turn', text: `Your turn — you play ${mine?.mark ?? '?'}.${absent}` };
      const turnMark = state.players.find((p) => p.userId === state.turn)?.mark ?? '?';
      return { phase: 'their-turn', text: `${nameOf(state.turn)}'s turn (${turnMark}).${absent}` };
    }
    case 'finished': {
      if (state.result === 'draw') return { phase: 'draw', text: 'Draw — nobody wins.' };
      if (state.winner === null) return { phase: 'over', text: 'Game over.' };
      const forfeit = state.result === 'forfeit';
      if (state.winner === me) {
        return { phase: 'won', text: forfeit ? `You won — ${other?.name ?? 'your opponent'} forfeited.` : 'You won!' };
      }
      if (!mine) return { phase: 'over', text: `${nameOf(state.winner)} won.` };
      return { phase: 'lost', text: forfeit ? `You forfeited — ${nameOf(state.winner)} wins.` : `You lost — ${nameOf(state.winner)} won.` };
    }
    default: {
      const never: never = state.status;
      return never;
    }
  }
}

/** The cells of a completed row, column or diagonal (to highlight the win), or [] when there is none. */
export function winningLine(board: GameState['board']): number[] {
  const line = WIN_LINES.find(([a, b, c]) => board[a] !== null && board[a] === board[b] && board[a] === board[c]);
  return line ? [...line] : [];
}
