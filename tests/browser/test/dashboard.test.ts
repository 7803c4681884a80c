// @hallway/e2e has no entry point of its own; its harness is built to dist/ like any package.
import { Cluster, type ServiceProcess } from '@hallway/e2e';
import { getFreePort, waitUntil } from '@hallway/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_CLUSTER_ENV } from '../src/cluster-env.js';
import { assertChromiumInstalled, launchChromium } from '../src/launch-chromium.js';
import { watchPage } from '../src/page-watch.js';
import { screenshotPath } from '../src/screenshot-path.js';

/** The rows of the servers table: id → type, as the page shows them. */
async function rows(page: Page): Promise<Map<string, string>> {
  const list = await page.$$eval('#servers tr[data-id]', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-id') ?? '', tr.querySelector('.type')?.textContent ?? ''] as const),
  );
  return new Map(list);
}

/**
 * The observer's dashboard in Chromium, on a scaled cluster of real processes: it lists
 * every server with its type, and follows a server joining and dying without a reload.
 */
describe('the observer dashboard in Chromium', () => {
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let extra: ServiceProcess | undefined;

  beforeAll(async () => {
    assertChromiumInstalled();
    // One after the other: a browser starting beside 8 booting processes starves them on 2 cores.
    cluster = await Cluster.start({ gates: 2, halls: 3, games: 2, env: { ...BROWSER_CLUSTER_ENV } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await extra?.stop('SIGKILL');
    await cluster?.stop();
  });

  it('shows every server with its type, the permission table and lists, and follows a join and a death live', async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const watch = watchPage(page);
    expect((await page.goto(`${cluster!.observerHttp}/`))?.status()).toBe(200);
    await page.locator('#live[data-state="live"]').waitFor();

    // Every server the observer knows, with its type.
    const servers = await cluster!.servers();
    expect(servers.map((s) => s.type).sort()).toEqual(['game', 'game', 'gate', 'gate', 'hall', 'hall', 'hall']);
    const expected = new Map(servers.map((s) => [s.id, s.type]));
    const shown = await waitUntil(async () => {
      const r = await rows(page);
      return r.size === expected.size ? r : undefined;
    }, { timeoutMs: 5_000, description: 'the page to list 7 servers' });
    expect(shown).toEqual(expected);
    expect(await page.textContent('#counts .count[data-type="hall"] b')).toBe('3');
    for (const s of servers) {
      const row = page.locator(`#servers tr[data-id="${s.id}"]`);
      expect(await row.locator('td').nth(2).textContent()).toBe(String(s.epoch));
      // Live, or late when a heartbeat was delayed on this busy 2-core machine (8 processes and a browser).
      expect(await row.locator('.state').textContent()).toMatch(/^(live|late · removed in \d+\.\d s)/);
      expect(await row.locator('td').nth(4).textContent()).toMatch(/^\d+\.\d s ago$/);
    }

    // The permission table, and each server's list: a gate may publish to every hall and game.
    const table = await page.$$eval('#permissions tr', (trs) =>
      trs.map((tr) => [tr.querySelector('.type')?.textContent, [...tr.querySelectorAll('.chip')].map((c) => c.textContent)]),
    );
    expect(table).toEqual([
      ['gate', ['hall', 'game', 'observer']],
      ['hall', ['gate', 'game', 'observer']],
      ['game', ['gate', 'observer']],
    ]);
    const gateList = (await page.locator('#servers tr[data-id="gate001"] td').nth(6).textContent()) ?? '';
    for (const s of servers.filter((x) => x.type !== 'gate')) expect(gateList).toContain(s.id);
    expect(gateList).not.toContain('gate002');

    // One more game server: it appears, highlighted, without a reload.
    const before = new Set(expected.keys());
    extra = await cluster!.spawn('game', { HTTP_PORT: String(await getFreePort()) });
    const joined = await waitUntil(async () => [...(await rows(page)).keys()].find((id) => !before.has(id)), {
      timeoutMs: 15_000,
      description: 'a new server row',
    });
    expect(joined).toMatch(/^game\d{3}$/);
    const newRow = page.locator(`#servers tr[data-id="${joined}"]`);
    expect(await newRow.getAttribute('data-type')).toBe('game');
    expect(await newRow.getAttribute('class')).toBe('joined');
    await page.locator('#changes li[data-kind="joined"]', { hasText: `${joined} joined` }).waitFor();
    await page.locator('#servers tr[data-id="gate001"] td:nth-child(7)', { hasText: joined }).waitFor();
    expect(await page.textContent('#counts .count[data-type="game"] b')).toBe('3');
    await page.screenshot({ path: screenshotPath('dashboard-joined.png'), fullPage: true });

    // Killed (no goodbye): after DEAD_AFTER_MS the observer drops it and the row goes.
    await extra.stop('SIGKILL');
    await newRow.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('#changes li[data-kind="left"]', { hasText: `${joined} left` }).waitFor();
    expect((await rows(page)).size).toBe(7);
    expect(await page.textContent('#counts .count[data-type="game"] b')).toBe('2');
    await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });

    expect(watch.reloads).toBe(0);
    expect(watch.errors).toEqual([]);
  });
});
