import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitUntilOptions {
  /**
   * Give up after this long.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Pause between checks.
   * @default 50
   */
  intervalMs?: number;
  /**
   * Names the condition in the timeout error.
   * @default 'condition'
   */
  description?: string;
}

export const DEFAULT_WAIT_UNTIL_OPTIONS: Required<WaitUntilOptions> = {
  timeoutMs: 5000,
  intervalMs: 50,
  description: 'condition',
};

/**
 * Polls `check` until it returns a truthy value, and returns that value.
 *
 * A `check` that throws counts as "not yet" (servers refuse connections while they
 * start); the last error is quoted in the timeout error.
 */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  options: WaitUntilOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs, intervalMs, description } = { ...DEFAULT_WAIT_UNTIL_OPTIONS, ...options };
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError instanceof Error ? lastError.message : String(lastError);
      const cause = lastError === undefined ? '' : ` (last error: ${last})`;
      throw new Error(`waitUntil: ${description} not met within ${timeoutMs} ms${cause}`, { cause: lastError });
    }
    await sleep(intervalMs);
  }
}
