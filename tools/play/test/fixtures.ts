import type { GameState, LoginReply, RoomInfo } from '@hallway/protocol';

/** Players, rooms and games for the unit tests. */
export const ALICE = { userId: 'g-alice', name: 'alice' };
export const BOB = { userId: 'g-bob', name: 'bob' };

export function login(over: Partial<LoginReply> = {}): LoginReply {
  return { userId: ALICE.userId, name: ALICE.name, hall: 'hall001', resume: 'r-secret', ...over };
}

export function room(over: Partial<RoomInfo> = {}): RoomInfo {
  return {
    roomId: 'game001-1-abc',
    game: 'game001',
    kind: 'tictactoe',
    name: 'Quick match',
    players: [ALICE, BOB],
    capacity: 2,
    status: 'playing',
    createdAt: 0,
    ...over,
  };
}

/** A game from a board written as 9 characters: `X`, `O` or `.`. */
export function game(board: string, over: Partial<GameState> = {}): GameState {
  const cells = [...board].map((c) => (c === 'X' || c === 'O' ? c : null));
  return {
    roomId: 'game001-1-abc',
    board: cells,
    players: [
      { ...ALICE, mark: 'X', connected: true },
      { ...BOB, mark: 'O', connected: true },
    ],
    turn: ALICE.userId,
    status: 'playing',
    winner: null,
    result: null,
    moves: cells.filter((c) => c !== null).length,
    ...over,
  };
}
