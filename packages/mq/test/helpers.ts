import { pino } from 'pino';

/** Silent unless HALLWAY_TEST_LOG is set (e.g. HALLWAY_TEST_LOG=debug). */
export const testLogger = pino({ level: process.env.HALLWAY_TEST_LOG ?? 'silent' });

let counter = 0;
/** A channel prefix no other test uses, so tests on one Redis never see each other. */
export function uniquePrefix(): string {
  counter += 1;
  return `t${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}:channel:`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `predicate` is true; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await predicate()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Counts live timers, to prove that nothing was left behind. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}
