import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package (.ci/run installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless, and nothing that talks to the outside world: the tests reach only their own
 * cluster on 127.0.0.1. `--no-sandbox`: CI runs as root, where Chromium's sandbox cannot start.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(`Chromium is not installed at ${path}: the browser tests need it. Install it with "apt-get install -y chromium" (.ci/run does this when it is missing).`);
    this.name = 'ChromiumMissingError';
  }
}

/** Throws `ChromiumMissingError` at once, before a test spends time starting a cluster. */
export function assertChromiumInstalled(path: string = CHROMIUM_PATH): void {
  if (!existsSync(path)) throw new ChromiumMissingError(path);
}

/**
 * Starts the system Chromium through playwright-core. `chromium.launch` gives every
 * browser a fresh temporary profile (user data dir) and deletes it on `close()`, so no
 * state leaks from one run into the next. A missing binary is an error, never a skip.
 */
export async function launchChromium(): Promise<Browser> {
  assertChromiumInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 30_000 });
}
