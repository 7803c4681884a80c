import { execFileSync } from 'node:child_process';
import { Cluster } from '@hallway/e2e';
import { connectNode, type HallwayClient } from '@hallway/client/node';
import type { RoomInfo } from '@hallway/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, PlayProcess } from './play-process.js';

/**
 * `pnpm play` against a real cluster (redis-server, observer, two gates, a hall, a game
 * server): the built client as child processes, driven through stdin like a person or
 * a script would, and once on a real terminal inside tmux.
 */
describe('pnpm play on a real cluster', () => {
  let cluster: Cluster;
  const processes: PlayProcess[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ gates: 2, halls: 1, games: 1 });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await cluster?.stop();
  });

  /** On a failure, the cluster's side of the story. */
  function clusterLogs(): void {
    for (const p of cluster.processes) console.log(`--- ${p.label}${p.exited ? ` (exited ${JSON.stringify(p.exited)})` : ''}\n${p.logs(15)}`);
  }

  function play(label: string, args: string[], env: Record<string, string> = {}): PlayProcess {
    const p = new PlayProcess(label, args, env);
    processes.push(p);
    return p;
  }

  it('two players chat, whisper, match, play to a result, leave, survive a gate restart and quit', async ({ onTestFailed }) => {
    onTestFailed(clusterLogs);
    const alice = play('alice', ['--url', cluster.gateUrls[0]!, '--name', 'alice']);
    const bob = play('bob', ['--name', 'bob'], { HALLWAY_URL: cluster.gateUrls[1]! });
    await alice.waitFor(`* connected to ${cluster.gateUrls[0]} as alice`);
    await bob.waitFor(`* connected to ${cluster.gateUrls[1]} as bob`);

    // Lobby chat reaches the other gate; a whisper finds alice by the name bob saw.
    alice.send('hello from alice');
    await bob.waitFor(/^alice: hello from alice$/m);
    bob.send('/w alice psst');
    await alice.waitFor(/^» bob \(g-[0-9a-f]+\) whispers: psst$/m);

    // Quick match: the first to wait is X.
    alice.send('/match');
    await alice.waitFor('* waiting for a match… (/cancel to stop)');
    bob.send('/match');
    for (const p of [alice, bob]) await p.waitFor('* game on: alice (X) vs bob (O); X moves first');
    await alice.waitFor('your turn (X): type 1-9');

    // Out of turn: the server's refusal, readable.
    let since = bob.mark();
    bob.send('5');
    await bob.waitFor(/^! NOT_YOUR_TURN: .+$/m, since);

    // X takes the top row while O answers in the middle.
    const moves: [PlayProcess, PlayProcess, string][] = [
      [alice, bob, '1'],
      [bob, alice, '4'],
      [alice, bob, '2'],
      [bob, alice, '5'],
    ];
    for (const [mover, other, cell] of moves) {
      since = other.mark();
      mover.send(cell);
      await other.waitFor(/your turn \([XO]\): type 1-9/, since);
    }
    since = bob.mark();
    alice.send('3');
    await alice.waitFor('Result: you win!');
    await bob.waitFor('Result: alice (X) wins', since);
    expect(bob.output.slice(since)).toContain('   X | X | X     X  alice\n  ---+---+---    O  bob (you)\n   O | O | 6\n');

    for (const p of [alice, bob]) {
      p.send('/leave');
      await p.waitFor('* you left the room; back in the lobby');
    }

    // alice's gate dies and comes back on the same port: the client reconnects and logs
    // in again as the same user.
    const aliceId = (await alice.waitFor(/as alice \((g-[0-9a-f]+)\)/))[1]!;
    const gate = cluster.byApp('gate').find((p) => cluster.gateUrls[0]!.endsWith(`:${p.env.GATE_PORT}`))!;
    since = alice.mark();
    await gate.stop('SIGKILL');
    await alice.waitFor(/\* connection lost \(1006\); reconnecting…/, since);
    gate.start();
    await cluster.waitReady(gate, 20_000);
    await alice.waitFor(`* reconnected as alice (${aliceId})`, since, 20_000);
    bob.send('welcome back');
    await alice.waitFor(/^bob: welcome back$/m, since);

    for (const p of [alice, bob]) p.send('/quit');
    expect(await alice.exit()).toBe(0);
    expect(await bob.exit()).toBe(0);
    for (const p of [alice, bob]) {
      expect(p.output).toMatch(/\* bye\n$/);
      expect(p.output).not.toContain('\x1b');
      expect(p.output).not.toMatch(/\br-[\w-]{24}/); // resume tokens (r-<24 base64url chars>) are never printed
    }
  });

  it('draws the full screen on a real terminal (tmux): header, board, messages, input line', async ({ onTestFailed }) => {
    onTestFailed(clusterLogs);
    const tmux = new Tmux(`hallway-play-${process.pid}`);
    let dave: HallwayClient | undefined;
    try {
      tmux.start(80, 24, [process.execPath, MAIN, '--url', cluster.gateUrls[0]!, '--name', 'carol']);
      let screen = await tmux.waitFor(/lobby · online/);
      // 80 columns: the url is cut, the state on the right is not (tmux trims trailing blanks).
      expect(screen[0]).toMatch(/^ hallway · carol \(g-[0-9a-f]+\) · hall\d{3} · ws:\/\/127\.0\.0\..*… lobby · online$/);
      expect(screen.at(-1)).toBe('>');

      tmux.type('/create tmux room');
      screen = await tmux.waitFor(/waiting for an opponent to join/);
      expect(screen[0]).toContain('in room "tmux room" · online');

      dave = await connectNode({ url: cluster.gateUrls[1]! });
      await dave.login({ name: 'dave' });
      const { rooms } = await dave.request<{ rooms: RoomInfo[] }>('hall.rooms', {});
      const room = rooms.find((r) => r.name === 'tmux room')!;
      await dave.request('hall.joinRoom', { roomId: room.roomId });
      await tmux.waitFor(/your turn \(X\): type 1-9/);

      tmux.type('5');
      await tmux.waitFor(/dave's turn \(O\)/);
      await dave.request('game.chat', { text: 'nice one' });
      screen = await tmux.waitFor(/\[room\] dave: nice one/);
      expect(screen.slice(0, 8).map((l) => l.trimEnd())).toEqual([
        expect.stringMatching(/^ hallway · carol .* in room "tmux room" · online$/),
        expect.stringMatching(new RegExp(`^── room "tmux room" · ${room.roomId} ─+$`)),
        '  1 │ 2 │ 3     X  carol (you)',
        ' ───┼───┼───    O  dave ◂',
        '  4 │ X │ 6',
        " ───┼───┼───    dave's turn (O)",
        '  7 │ 8 │ 9',
        expect.stringMatching(/^── messages ─+$/),
      ]);
      expect(screen).toHaveLength(24);
      expect(screen.at(-2)).toMatch(/^── \/help for commands/);
      expect(screen.at(-1)).toBe('>');

      tmux.type('/quit');
      expect(await tmux.waitForExit()).toBe(0);
    } finally {
      await dave?.close();
      tmux.kill();
    }
  });
});

/**
 * A private tmux server (its own socket name, no user config) running one command in a
 * pane of a fixed size. tmux is required: without it this test fails, it does not skip.
 */
class Tmux {
  constructor(private readonly socket: string) {}

  private run(...args: string[]): string {
    try {
      return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error('tmux is not installed; the terminal test needs it (apt-get install tmux)', { cause: err });
      }
      throw err;
    }
  }

  start(width: number, height: number, command: string[]): void {
    const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // remain-on-exit keeps the pane after the program ends, so its exit status can be read.
    this.run('new-session', '-d', '-s', 'play', '-x', String(width), '-y', String(height), ';', 'set-option', '-t', 'play', 'remain-on-exit', 'on', ';', 'respawn-pane', '-k', '-t', 'play', quoted);
  }

  type(text: string): void {
    this.run('send-keys', '-t', 'play', '-l', text);
    this.run('send-keys', '-t', 'play', 'Enter');
  }

  screen(): string[] {
    return this.run('capture-pane', '-p', '-t', 'play').replace(/\n$/, '').split('\n');
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen.join('\n'))) return screen;
      if (Date.now() > deadline) throw new Error(`tmux: ${pattern} not on screen within ${timeoutMs} ms:\n${screen.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [dead, status, signal] = this.run('display-message', '-p', '-t', 'play', '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}').trim().split(':');
      // The pane can be dead (its terminal closed) a moment before tmux has the exit status.
      if (dead === '1' && signal) throw new Error(`tmux: the program was killed by signal ${signal}`);
      if (dead === '1' && status) return Number(status);
      if (Date.now() > deadline) throw new Error(`tmux: the program did not exit within ${timeoutMs} ms:\n${this.screen().join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // already gone (or never started)
    }
  }
}
