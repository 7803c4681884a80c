import type { GameState } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { gameStatus, winningLine } from '../web/game-status.js';

const players: GameState['players'] = [
  { userId: 'g-ann', name: 'ann', mark: 'X', connected: true },
  { userId: 'g-bob', name: 'bob', mark: 'O', connected: true },
];

function state(patch: Partial<GameState>): GameState {
  return { roomId: 'r1', board: Array<null>(9).fill(null), players, turn: 'g-ann', status: 'playing', winner: null, result: null, moves: 0, ...patch };
}

describe('gameStatus (the web client status line)', () => {
  it('says whose turn it is, to each player', () => {
    expect(gameStatus(state({}), 'g-ann')).toEqual({ phase: 'my-turn', text: 'Your turn — you play X.' });
    expect(gameStatus(state({}), 'g-bob')).toEqual({ phase: 'their-turn', text: "ann's turn (X)." });
    expect(gameStatus(state({ turn: 'g-bob' }), 'g-ann')).toEqual({ phase: 'their-turn', text: "bob's turn (O)." });
  });

  it('tells when the opponent lost the connection', () => {
    const away = [players[0]!, { ...players[1]!, connected: false }];
    expect(gameStatus(state({ players: away }), 'g-ann').text).toMatch(/^Your turn — you play X\. bob lost the connection/);
  });

  it('shows the result: win, loss, draw and forfeit', () => {
    const won = state({ status: 'finished', turn: null, winner: 'g-ann', result: 'win' });
    expect(gameStatus(won, 'g-ann')).toEqual({ phase: 'won', text: 'You won!' });
    expect(gameStatus(won, 'g-bob')).toEqual({ phase: 'lost', text: 'You lost — ann won.' });
    expect(gameStatus(state({ status: 'finished', turn: null, result: 'draw' }), 'g-bob')).toEqual({ phase: 'draw', text: 'Draw — nobody wins.' });
    const forfeit = state({ status: 'finished', turn: null, winner: 'g-bob', result: 'forfeit' });
    expect(gameStatus(forfeit, 'g-bob')).toEqual({ phase: 'won', text: 'You won — ann forfeited.' });
    expect(gameStatus(forfeit, 'g-ann')).toEqual({ phase: 'lost', text: 'You forfeited — bob wins.' });
  });

  it('waits for a second player', () => {
    expect(gameStatus(state({ status: 'waiting', turn: null, players: [players[0]!] }), 'g-ann')).toEqual({ phase: 'waiting', text: 'Waiting for a second player…' });
  });
});

describe('winningLine', () => {
  it('finds a completed row, column or diagonal, and nothing otherwise', () => {
    const board = (cells: string): GameState['board'] => [...cells].map((c) => (c === 'X' || c === 'O' ? c : null));
    expect(winningLine(board('XXXOO....'))).toEqual([0, 1, 2]);
    expect(winningLine(board('OX.OX..X.'))).toEqual([1, 4, 7]);
    expect(winningLine(board('XO.OX...X'))).toEqual([0, 4, 8]);
    expect(winningLine(board('..O.O.O..'))).toEqual([2, 4, 6]);
    expect(winningLine(board('XOXXOOOXX'))).toEqual([]);
    expect(winningLine(board('.........'))).toEqual([]);
  });
});
