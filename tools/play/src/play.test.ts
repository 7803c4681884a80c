import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { stripAnsi } from './ansi.js';
import { createPlay, type Play } from './play.js';
import { FakeClient } from '../test/fake-client.js';
import { BOB, game, room } from '../test/fixtures.js';

/** A terminal stand-in: what was written, and a size like a TTY's. */
class Output extends PassThrough {
  text = '';
  columns = 80;
  rows = 24;
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }
}

interface Harness {
  client: FakeClient;
  input: PassThrough;
  output: Output;
  play: Play;
  exit: Promise<number>;
}

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) {
    h.play.quit();
    await h.exit;
  }
});

function start(isTTY: boolean, setup: (client: FakeClient) => void = () => {}): Harness {
  const client = new FakeClient();
  setup(client);
  const input = new PassThrough();
  const output = new Output();
  const play = createPlay({ client, url: 'ws://gate:8000', name: 'alice', input, output, isTTY });
  const h = { client, input, output, play, exit: play.run() };
  running.push(h);
  return h;
}

async function until(check: () => boolean, what: string, h: Harness): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not seen: ${what}\n--- output:\n${stripAnsi(h.output.text)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const shows = (h: Harness, text: string): Promise<void> => until(() => stripAnsi(h.output.text).includes(text), text, h);

describe('createPlay, piped (plain lines)', () => {
  it('logs in, chats in the lobby, and prints pushes as lines without escape codes', async () => {
    const h = start(false);
    await shows(h, '* connected to ws://gate:8000 as alice (g-alice) on hall001');
    expect(h.client.requests[0]).toEqual({ route: 'gate.login', body: { name: 'alice', token: undefined } });
    h.input.write('hello lobby\n');
    await until(() => h.client.requests.some((r) => r.route === 'hall.chat'), 'hall.chat request', h);
    expect(h.client.requests.at(-1)).toEqual({ route: 'hall.chat', body: { text: 'hello lobby' } });
    h.client.push('hall.chat', { from: BOB, text: 'hi alice', ts: 1 });
    await shows(h, 'bob: hi alice\n');
    h.input.write('/w bob psst\n');
    await shows(h, '« you whisper to bob (g-bob): psst');
    expect(h.client.requests.at(-1)).toEqual({ route: 'hall.whisper', body: { to: 'g-bob', text: 'psst' } });
    h.input.write('/quit\n');
    expect(await h.exit).toBe(0);
    expect(h.client.loggedOut).toBe(true);
    expect(h.client.handlerCount).toBe(0);
    expect(h.output.text).not.toContain('\x1b');
  });

  it('plays a game: matched, board, moves to cells 0-8, room chat, errors with their code, leave', async () => {
    const h = start(false, (c) => {
      c.answers.set('hall.quickMatch', () => ({ status: 'waiting' }));
      c.answers.set('game.move', (body) => game('X...O...X'.replace(/./g, (m, i) => (i === (body as { cell: number }).cell ? 'X' : m)), { turn: BOB.userId }));
    });
    h.input.write('/match\n');
    await shows(h, '* waiting for a match… (/cancel to stop)');
    expect(h.play.state.place).toBe('waiting');
    h.client.push('hall.matched', { room: room() });
    h.client.push('game.state', game('.........'));
    await shows(h, 'your turn (X): type 1-9');
    expect(h.output.text).toContain('   1 | 2 | 3     X  alice (you) <\n');

    h.input.write('3\n');
    await shows(h, "bob's turn (O)");
    expect(h.client.requests.find((r) => r.route === 'game.move')?.body).toEqual({ cell: 2 });
    expect(h.output.text).toContain('   X | 2 | X     X  alice (you)\n');

    h.client.refuse('game.move', 'NOT_YOUR_TURN', "it is O's turn");
    h.input.write('/move 6\n');
    await shows(h, "! NOT_YOUR_TURN: it is O's turn");

    h.input.write('gl\n');
    await until(() => h.client.requests.some((r) => r.route === 'game.chat'), 'game.chat request', h);

    h.input.write('/leave\n');
    await shows(h, '* you left the room; back in the lobby');
    h.input.write('5\n');
    await shows(h, '! not in a room: /match, /create or /join first');
  });

  it('lists rooms and joins one by its number', async () => {
    const listed = room({ roomId: 'game002-7-fff', name: "bob's room", status: 'waiting', players: [BOB] });
    const h = start(false, (c) => {
      c.answers.set('hall.rooms', () => ({ rooms: [listed] }));
      c.answers.set('hall.joinRoom', () => ({ room: { ...listed, players: [BOB, { userId: 'g-alice', name: 'alice' }] } }));
    });
    h.input.write('/join 1\n');
    await shows(h, '! no room list yet: /rooms first');
    h.input.write('/rooms\n/join 1\n');
    await shows(h, '* in room "bob\'s room" (game002-7-fff) with bob');
    expect(h.output.text).toContain("  1. bob's room · waiting · 1/2: bob · game002-7-fff\n");
    expect(h.client.requests.at(-1)).toEqual({ route: 'hall.joinRoom', body: { roomId: 'game002-7-fff' } });
  });

  it('shows reconnecting, refuses commands readably meanwhile, and carries on after', async () => {
    const h = start(false);
    await shows(h, 'connected to');
    h.client.state = 'reconnecting';
    h.client.emit('close', { code: 1006, reason: '', willReconnect: true });
    h.client.emit('reconnecting', { attempt: 1, delayMs: 250 });
    await shows(h, '* connection lost (1006); reconnecting…');
    h.input.write('anyone?\n');
    await shows(h, '! not connected right now (reconnecting…); try again in a moment');
    h.client.state = 'open';
    h.client.emit('reconnected', { login: h.client.loginReply });
    await shows(h, '* reconnected as alice (g-alice) on hall001');
    expect(h.play.state.connection).toBe('online');
  });

  it('logs in again when the connection drops before the first login is answered', async () => {
    const h = start(false, (c) => (c.dropLogins = 1));
    await until(() => h.client.requests.length === 1 && h.client.state === 'reconnecting', 'the first login to fail', h);
    h.client.state = 'open';
    h.client.emit('reconnected', { login: undefined });
    await shows(h, '* connected to ws://gate:8000 as alice (g-alice) on hall001');
    expect(h.client.requests.map((r) => r.route)).toEqual(['gate.login', 'gate.login']);
    expect(h.client.handlerCount).toBe(6); // its own: pushes, close and four lifecycle events; none left from the wait
  });

  it('finishes the commands already typed when the input ends, then quits', async () => {
    const h = start(false);
    h.input.end('one\ntwo\n');
    expect(await h.exit).toBe(0);
    expect(h.client.requests.filter((r) => r.route === 'hall.chat').map((r) => r.body)).toEqual([{ text: 'one' }, { text: 'two' }]);
  });

  it('exits with 1 and says why when it cannot connect', async () => {
    const h = start(false, (c) => (c.failConnect = true));
    expect(await h.exit).toBe(1);
    expect(h.output.text).toContain('! CONNECT_FAILED: could not connect to ws://gate:8000: connection refused');
  });
});

describe('createPlay, on a terminal (full screen)', () => {
  it('draws the screen in the alternate buffer, redraws on changes, and restores the terminal on quit', async () => {
    const h = start(true);
    await shows(h, 'lobby · online');
    expect(h.output.text.startsWith('\x1b[?1049h')).toBe(true);
    expect(stripAnsi(h.output.text)).toContain('── /help for commands');
    h.client.push('hall.matched', { room: room() });
    h.client.push('game.state', game('X...O....'));
    await shows(h, 'in room "Quick match" · online');
    await shows(h, ' X │ 2 │ 3     X  alice (you) ◂');
    h.input.write('/quit\r');
    expect(await h.exit).toBe(0);
    expect(h.output.text.endsWith('\x1b[?1049l')).toBe(true);
  });

  it('redraws at the new size when the terminal is resized', async () => {
    const h = start(true);
    await shows(h, 'lobby · online');
    h.output.columns = 100;
    h.output.rows = 30;
    h.output.text = '';
    h.output.emit('resize');
    await until(() => h.output.text.includes('\x1b[30;1H'), 'the input row moved to row 30', h);
    expect(stripAnsi(h.output.text)).toMatch(/─{60,}/);
  });
});
