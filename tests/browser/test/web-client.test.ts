// @hallway/e2e has no entry point of its own; its harness is built to dist/ like any package.
import { Cluster } from '@hallway/e2e';
import { waitUntil } from '@hallway/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_CLUSTER_ENV } from '../src/cluster-env.js';
import { assertChromiumInstalled, launchChromium } from '../src/launch-chromium.js';
import { watchPage, type PageWatch } from '../src/page-watch.js';
import { screenshotPath } from '../src/screenshot-path.js';

interface Player {
  name: string;
  page: Page;
  watch: PageWatch;
}

/**
 * Two people in two browsers play through the gate's own web page: a real cluster
 * (observer, two gates, two halls, two games on a private redis-server), one player on
 * each gate, everything done by typing and clicking.
 */
describe('the gate web client in Chromium', () => {
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertChromiumInstalled();
    // One after the other: a browser starting beside 8 booting processes starves them on 2 cores.
    cluster = await Cluster.start({ gates: 2, halls: 2, games: 2, env: { ...BROWSER_CLUSTER_ENV } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await cluster?.stop();
  });

  /** A player in a browser context of their own (like two people on two machines). */
  async function open(gate: number, name: string): Promise<Player> {
    const context = await browser!.newContext({ viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const watch = watchPage(page);
    // The page is served on the gate's WebSocket port and connects back to it.
    const url = cluster!.gateUrls[gate]!.replace(/^ws:/, 'http:') + '/';
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    return { name, page, watch };
  }

  async function logIn(p: Player): Promise<void> {
    await p.page.fill('#login-name', p.name);
    await p.page.click('#login-button');
    await p.page.locator('#lobby-view').waitFor({ state: 'visible' });
    await p.page.locator('#conn', { hasText: /^online · hall\d{3}$/ }).waitFor();
    expect(await p.page.textContent('#who')).toBe(p.name);
  }

  const statusOf = async (p: Player) => ((await p.page.textContent('#game-status')) ?? '').trim();
  const cellsOf = (p: Player) => p.page.$$eval('#board [data-cell]', (cells) => cells.map((c) => c.textContent ?? ''));

  it('log in, chat across gates, quick-match, play to a result by clicking, and leave to the lobby', async () => {
    const alice = await open(0, 'alice');
    const bob = await open(1, 'bob');
    expect(await alice.page.title()).toBe('hallway');
    await alice.page.screenshot({ path: screenshotPath('login.png') });
    await logIn(alice);
    await logIn(bob);

    // Lobby chat: typed by alice on gate 1, shown to bob on gate 2.
    await alice.page.fill('#lobby-chat-input', 'hello from alice');
    await alice.page.press('#lobby-chat-input', 'Enter');
    const line = bob.page.locator('#lobby-log li', { hasText: 'hello from alice' });
    await line.waitFor();
    expect(await line.locator('b').textContent()).toBe('alice');
    await alice.page.locator('#lobby-log li.mine', { hasText: 'hello from alice' }).waitFor();
    await bob.page.screenshot({ path: screenshotPath('lobby.png') });

    // Quick match: alice waits, bob's click pairs them, both pages switch to the board.
    await alice.page.click('#quick-match');
    await alice.page.locator('#match-status', { hasText: 'Waiting for an opponent' }).waitFor();
    await bob.page.click('#quick-match');
    for (const p of [alice, bob]) {
      await p.page.locator('#game-view').waitFor({ state: 'visible' });
      await p.page.locator('#game-status', { hasText: /turn/ }).waitFor();
      expect(await cellsOf(p)).toEqual(Array(9).fill(''));
    }

    // Room chat reaches the opponent only.
    await bob.page.fill('#game-chat-input', 'good luck');
    await bob.page.press('#game-chat-input', 'Enter');
    await alice.page.locator('#game-log li:has(b:text-is("bob")) span:text-is("good luck")').waitFor();

    // X takes the top row, O answers in the middle row; whose turn it is comes from the page.
    const plan = { X: [0, 1, 2], O: [3, 4] };
    let xPlayer: Player | undefined;
    for (let move = 0; move < 5; move++) {
      const mover = await waitUntil(
        async () => {
          const [a, b] = [await statusOf(alice), await statusOf(bob)];
          if (a.startsWith('Your turn') && !b.startsWith('Your turn')) return { player: alice, other: bob, status: a, otherStatus: b };
          if (b.startsWith('Your turn') && !a.startsWith('Your turn')) return { player: bob, other: alice, status: b, otherStatus: a };
          return undefined;
        },
        { timeoutMs: 10_000, intervalMs: 50, description: `exactly one page to say "Your turn" before move ${move + 1}` },
      );
      const mark = /you play ([XO])/.exec(mover.status)?.[1] as 'X' | 'O' | undefined;
      expect(mark, mover.status).toBeDefined();
      if (move === 0) {
        expect(mark).toBe('X'); // X moves first
        xPlayer = mover.player;
      }
      expect(mover.otherStatus).toBe(`${mover.player.name}'s turn (${mark}).`);
      // The other page does not let its player move.
      expect(await mover.other.page.locator('#board [data-cell]:not([disabled])').count()).toBe(0);
      const cell = plan[mark!].shift()!;
      await mover.player.page.click(`#board [data-cell="${cell}"]`);
      for (const p of [alice, bob]) await p.page.locator(`#board [data-cell="${cell}"]`, { hasText: mark! }).waitFor();
    }

    // The result, on both pages.
    const x = xPlayer!;
    const o = x === alice ? bob : alice;
    await x.page.locator('#game-status', { hasText: 'You won!' }).waitFor();
    await o.page.locator('#game-status', { hasText: `You lost — ${x.name} won.` }).waitFor();
    for (const p of [alice, bob]) {
      expect(await cellsOf(p)).toEqual(['X', 'X', 'X', 'O', 'O', '', '', '', '']);
      expect(await p.page.locator('#board [data-cell]:not([disabled])').count()).toBe(0);
      expect(await p.page.$$eval('#board .win', (cells) => cells.map((c) => c.getAttribute('data-cell')))).toEqual(['0', '1', '2']);
    }
    await x.page.screenshot({ path: screenshotPath('game.png') });

    // Back to the lobby, where lobby chat reaches both again.
    for (const p of [alice, bob]) {
      await p.page.click('#leave');
      await p.page.locator('#lobby-view').waitFor({ state: 'visible' });
      await p.page.locator('#lobby-log li.notice', { hasText: 'You left the room.' }).waitFor();
    }
    await bob.page.fill('#lobby-chat-input', 'gg');
    await bob.page.click('#lobby-chat-form button[type="submit"]');
    await alice.page.locator('#lobby-log li:has(b:text-is("bob")) span:text-is("gg")').waitFor();

    for (const p of [alice, bob]) {
      // msgpack both ways: the browser sent and got binary frames only.
      expect(p.watch.frames.filter((f) => f.direction === 'sent').length).toBeGreaterThan(3);
      expect(p.watch.frames.filter((f) => !f.binary)).toEqual([]);
      // No script error, no CSP violation, no reload.
      expect(p.watch.errors).toEqual([]);
      expect(p.watch.reloads).toBe(0);
    }
  });
});
