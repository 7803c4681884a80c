export interface ReconnectOptions {
  /**
   * Reconnect after the connection drops (not after `close()`, `logout()`, close code
   * 1000 or 4000 REPLACED).
   * @default false
   */
  enabled?: boolean;
  /** @default 250 */
  minDelayMs?: number;
  /** @default 10000 */
  maxDelayMs?: number;
  /**
   * Attempts in a row before giving up (`reconnectFailed` is emitted).
   * @default Infinity
   */
  maxAttempts?: number;
}

export const DEFAULT_RECONNECT_OPTIONS: Required<ReconnectOptions> = {
  enabled: false,
  minDelayMs: 250,
  maxDelayMs: 10_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Close codes after which reconnecting is wrong: 1000 is a deliberate close (logout),
 * 4000 means the same user logged in elsewhere — reconnecting would kick that session.
 */
export const NO_RECONNECT_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 4000]);

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all
 * of min·2ⁿ (capped at max), so that clients dropped together by a dying gate do not
 * come back together.
 */
export function reconnectDelay(options: Required<ReconnectOptions>, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
