import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, MAX_TEXT, parseCommand } from './commands.js';

describe('parseCommand', () => {
  it('reads plain text as chat and blank lines as nothing', () => {
    expect(parseCommand('hello there ')).toEqual({ type: 'chat', text: 'hello there' });
    expect(parseCommand('   ')).toEqual({ type: 'empty' });
    expect(parseCommand('//not a command')).toEqual({ type: 'chat', text: '/not a command' });
    expect(parseCommand('10')).toEqual({ type: 'chat', text: '10' });
  });

  it('reads a lone digit 1-9 and /move n as a move to cell 0-8', () => {
    expect(parseCommand('1')).toEqual({ type: 'move', cell: 0 });
    expect(parseCommand(' 9 ')).toEqual({ type: 'move', cell: 8 });
    expect(parseCommand('/move 5')).toEqual({ type: 'move', cell: 4 });
    expect(parseCommand('/m 3')).toEqual({ type: 'move', cell: 2 });
    expect(parseCommand('0')).toEqual({ type: 'chat', text: '0' });
    expect(parseCommand('/move 0')).toMatchObject({ type: 'invalid', message: 'usage: /move <1-9>' });
    expect(parseCommand('/move')).toMatchObject({ type: 'invalid' });
  });

  it('reads whispers and replies, keeping the text as typed', () => {
    expect(parseCommand('/w g-1a2b  hi   there')).toEqual({ type: 'whisper', to: 'g-1a2b', text: 'hi   there' });
    expect(parseCommand('/whisper bob hey')).toEqual({ type: 'whisper', to: 'bob', text: 'hey' });
    expect(parseCommand('/w bob')).toMatchObject({ type: 'invalid', message: 'usage: /w <user> <text>' });
    expect(parseCommand('/r thanks')).toEqual({ type: 'reply', text: 'thanks' });
    expect(parseCommand('/r')).toMatchObject({ type: 'invalid' });
  });

  it('reads the room and match commands', () => {
    expect(parseCommand('/rooms')).toEqual({ type: 'rooms' });
    expect(parseCommand('/ROOMS')).toEqual({ type: 'rooms' });
    expect(parseCommand('/create')).toEqual({ type: 'create', name: undefined });
    expect(parseCommand('/create  Friday night ')).toEqual({ type: 'create', name: 'Friday night' });
    expect(parseCommand(`/create ${'x'.repeat(65)}`)).toMatchObject({ type: 'invalid' });
    expect(parseCommand('/join game001-1-a1b2c3')).toEqual({ type: 'join', target: { roomId: 'game001-1-a1b2c3' } });
    expect(parseCommand('/join 2')).toEqual({ type: 'join', target: { index: 2 } });
    expect(parseCommand('/join 0')).toMatchObject({ type: 'invalid' });
    expect(parseCommand('/join')).toMatchObject({ type: 'invalid' });
    expect(parseCommand('/join a b')).toMatchObject({ type: 'invalid' });
    expect(parseCommand('/match')).toEqual({ type: 'match' });
    expect(parseCommand('/cancel')).toEqual({ type: 'cancel' });
    expect(parseCommand('/leave')).toEqual({ type: 'leave' });
    expect(parseCommand('/state')).toEqual({ type: 'state' });
  });

  it('reads /help and /quit with their aliases, and refuses arguments they do not take', () => {
    expect(parseCommand('/help')).toEqual({ type: 'help' });
    expect(parseCommand('/?')).toEqual({ type: 'help' });
    expect(parseCommand('/quit')).toEqual({ type: 'quit' });
    expect(parseCommand('/exit')).toEqual({ type: 'quit' });
    expect(parseCommand('/quit now')).toEqual({ type: 'invalid', message: '/quit takes no arguments' });
  });

  it('names an unknown command', () => {
    expect(parseCommand('/dance')).toEqual({ type: 'invalid', message: 'unknown command /dance (try /help)' });
  });

  it('refuses text over the protocol limit before sending it', () => {
    expect(parseCommand('a'.repeat(MAX_TEXT))).toMatchObject({ type: 'chat' });
    expect(parseCommand('a'.repeat(MAX_TEXT + 1))).toMatchObject({ type: 'invalid' });
    expect(parseCommand(`/w bob ${'a'.repeat(MAX_TEXT + 1)}`)).toMatchObject({ type: 'invalid' });
  });

  it('documents every command it parses', () => {
    const usages = COMMAND_HELP.map((c) => c.usage).join(' ');
    for (const word of ['/w', '/r', '/rooms', '/create', '/join', '/match', '/cancel', '/move', '/state', '/leave', '/help', '/quit']) {
      expect(usages).toContain(word);
      expect(parseCommand(`${word} x`)).not.toMatchObject({ message: expect.stringMatching(/^unknown command/) });
    }
  });
});
