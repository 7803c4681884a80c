import { describe, expect, it } from 'vitest';
import { MAX_MESSAGES, PlayState } from './state.js';
import { ALICE, BOB, game, login, room } from '../test/fixtures.js';

function loggedIn(): PlayState {
  const state = new PlayState('ws://gate:8000', () => 1000);
  state.loggedIn(login());
  return state;
}

const texts = (state: PlayState): string[] => state.messages.map((m) => `${m.kind}: ${m.text}`);

describe('PlayState', () => {
  it('starts connecting in the lobby, and is online after login', () => {
    const state = new PlayState('ws://gate:8000');
    expect(state).toMatchObject({ connection: 'connecting', place: 'lobby', me: undefined });
    state.loggedIn(login());
    expect(state).toMatchObject({ connection: 'online', me: ALICE, hall: 'hall001' });
    expect(texts(state)).toEqual(['system: connected to ws://gate:8000 as alice (g-alice) on hall001']);
    expect(JSON.stringify(state.messages)).not.toContain('r-secret');
  });

  it('shows lobby chat, room chat and whispers, and tells every change', () => {
    const state = loggedIn();
    let changes = 0;
    state.onChange = () => (changes += 1);
    state.push('hall.chat', { from: BOB, text: 'hi all', ts: 5 });
    state.push('game.chat', { from: BOB, text: 'gl', ts: 6 });
    state.push('hall.whisper', { from: BOB, text: 'psst', ts: 7 });
    state.whisperSent(BOB.userId, 'what?');
    expect(texts(state).slice(1)).toEqual([
      'chat: bob: hi all',
      'room-chat: [room] bob: gl',
      'whisper-in: bob (g-bob) whispers: psst',
      'whisper-out: you whisper to bob (g-bob): what?',
    ]);
    expect(state.messages[1]!.ts).toBe(5);
    expect(state.lastWhisperFrom).toEqual(BOB);
    expect(changes).toBeGreaterThanOrEqual(4);
    expect(new Set(state.messages.map((m) => m.seq)).size).toBe(state.messages.length);
  });

  it('resolves a whisper target by a name seen, or takes it as an id', () => {
    const state = loggedIn();
    expect(state.resolveUser('bob')).toBe('bob');
    state.push('hall.chat', { from: BOB, text: 'hi', ts: 1 });
    expect(state.resolveUser('bob')).toBe('g-bob');
    expect(state.resolveUser('BOB')).toBe('g-bob');
    expect(state.resolveUser('g-bob')).toBe('g-bob');
    state.push('hall.chat', { from: { userId: 'g-bob2', name: 'bob' }, text: 'me too', ts: 2 });
    expect(() => state.resolveUser('bob')).toThrow('several players are called bob: g-bob, g-bob2; use the id');
  });

  it('goes lobby → waiting → room → lobby through a quick match', () => {
    const state = loggedIn();
    state.matchReply({ status: 'waiting' });
    expect(state.place).toBe('waiting');
    state.push('hall.matched', { room: room() });
    expect(state.place).toBe('room');
    expect(state.room?.roomId).toBe('game001-1-abc');
    state.push('game.state', game('.........'));
    expect(state.game?.moves).toBe(0);
    state.push('game.left', { roomId: 'game001-1-abc', reason: 'server_down' });
    expect(state).toMatchObject({ place: 'lobby', room: undefined, game: undefined });
    expect(texts(state)).toContain('system: the game server went down; back in the lobby');
  });

  it('leaves once when both the reply to game.leave and the game.left push come', () => {
    const state = loggedIn();
    state.roomReply(room());
    state.leftRoom('game001-1-abc', 'left');
    state.push('game.left', { roomId: 'game001-1-abc', reason: 'left' });
    expect(texts(state).filter((t) => t.includes('back in the lobby'))).toEqual(['system: you left the room; back in the lobby']);
  });

  it('cancels a match wait', () => {
    const state = loggedIn();
    state.matchReply({ status: 'waiting' });
    state.matchCancelled(true);
    expect(state.place).toBe('lobby');
    expect(texts(state).at(-1)).toBe('system: left the match queue');
  });

  it('keeps the newest game state, once, and announces the start and the result', () => {
    const state = loggedIn();
    state.push('hall.matched', { room: room() });
    state.gameState(game('X...O....'));
    const seen = state.version;
    state.gameState(game('X...O....')); // the move's reply after the push: the same state
    expect(state.version).toBe(seen);
    state.gameState(game('X........')); // older
    expect(state.game?.moves).toBe(2);
    state.gameState(game('XXX.O.O..', { status: 'finished', turn: null, winner: ALICE.userId, result: 'win' }));
    expect(texts(state).filter((t) => /game (on|over)/.test(t))).toEqual([
      'system: game on: alice (X) vs bob (O); X moves first',
      'system: game over: you win!',
    ]);
  });

  it('ignores a late state from a room it has left', () => {
    const state = loggedIn();
    state.roomReply(room({ roomId: 'game001-2-new' }));
    state.gameState(game('X........'));
    expect(state.game).toBeUndefined();
  });

  it('lists rooms for /join <n>', () => {
    const state = loggedIn();
    state.roomList([]);
    expect(texts(state).at(-1)).toBe('info: no open rooms; /create one or /match');
    state.roomList([room({ name: "bob's room", status: 'waiting', players: [BOB] })]);
    expect(texts(state).slice(-2)).toEqual(['info: 1 room (/join <n>):', "info:   1. bob's room · waiting · 1/2: bob · game001-1-abc"]);
    expect(state.rooms).toHaveLength(1);
    expect(state.resolveUser('bob')).toBe('g-bob');
  });

  it('follows the connection through a drop and a reconnect', () => {
    const state = loggedIn();
    state.disconnected(1006, '', true);
    expect(state.connection).toBe('reconnecting');
    expect(texts(state).at(-1)).toBe('system: connection lost (1006); reconnecting…');
    state.reconnecting(2, 1500);
    expect(state.reconnectAttempt).toBe(2);
    state.reconnected(login({ hall: 'hall002' }));
    expect(state).toMatchObject({ connection: 'online', hall: 'hall002', reconnectAttempt: 0 });
  });

  it('puts the player back in the lobby when the game ended during a drop', () => {
    const state = loggedIn();
    state.roomReply(room());
    state.disconnected(1006, '', true);
    state.reconnected(login());
    expect(state.place).toBe('lobby');
    expect(texts(state).at(-1)).toBe('system: your game ended while you were away; back in the lobby');
    state.matchReply({ status: 'waiting' });
    state.reconnected(login());
    expect(state.place).toBe('lobby');
  });

  it('stays in the room when the login after a drop says so', () => {
    const state = loggedIn();
    state.roomReply(room());
    state.reconnected(login({ room: { roomId: 'game001-1-abc', game: 'game001' } }));
    expect(state.place).toBe('room');
  });

  it('goes offline when the connection is gone for good', () => {
    const state = loggedIn();
    state.push('gate.kicked', { code: 4000, reason: 'logged in elsewhere' });
    state.disconnected(4000, 'replaced', false);
    expect(state.connection).toBe('offline');
    expect(texts(state).slice(-2)).toEqual(['error: kicked by the gate (4000): logged in elsewhere', 'error: disconnected (4000 replaced); /quit to exit']);
    state.reconnectFailed('gave up');
    expect(texts(state).at(-1)).toBe('error: could not reconnect: gave up; /quit to exit');
  });

  it('shows a rebound and any unknown push', () => {
    const state = loggedIn();
    state.push('gate.rebound', { hall: 'hall002', previous: 'hall001' });
    expect(state.hall).toBe('hall002');
    state.push('hall.news', { n: 1 });
    expect(texts(state).slice(-2)).toEqual([
      'system: the hall serving you (hall001) went down; now served by hall002',
      'system: hall.news {"n":1}',
    ]);
  });

  it('keeps a bounded scrollback', () => {
    const state = loggedIn();
    for (let i = 0; i < MAX_MESSAGES + 10; i++) state.notice('info', `n${i}`);
    expect(state.messages).toHaveLength(MAX_MESSAGES);
    expect(state.messages.at(-1)!.text).toBe(`n${MAX_MESSAGES + 9}`);
  });
});
