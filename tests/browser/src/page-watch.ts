import type { Page } from 'playwright-core';

/** What a page did that a test wants to look at afterwards. */
export interface PageWatch {
  /** Uncaught exceptions and console errors (CSP violations are reported there too). */
  errors: string[];
  /** Every WebSocket frame the page sent or received: binary (msgpack) or text (JSON). */
  frames: { direction: 'sent' | 'received'; binary: boolean }[];
  /** Full page loads after the first. */
  reloads: number;
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], frames: [], reloads: -1 };
  page.on('pageerror', (err) => watch.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(`console: ${msg.text()}`);
  });
  page.on('load', () => (watch.reloads += 1));
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => watch.frames.push({ direction: 'sent', binary: typeof payload !== 'string' }));
    ws.on('framereceived', ({ payload }) => watch.frames.push({ direction: 'received', binary: typeof payload !== 'string' }));
  });
  return watch;
}
