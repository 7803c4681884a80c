export interface RateLimiterOptions {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size: how many frames may come at once. */
  burst: number;
  /** Rejections within one second (as a multiple of `ratePerSec`) that count as flooding. */
  floodFactor: number;
}

/** `ok`: go ahead; `limited`: answer RATE_LIMITED; `flood`: still going after being limited — close. */
export type RateDecision = 'ok' | 'limited' | 'flood';

/**
 * A token bucket per connection, plus a flood detector: a client that keeps sending
 * after its frames are refused is closed rather than answered forever.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private windowStart: number;
  private rejectedInWindow = 0;
  private readonly floodThreshold: number;

  constructor(
    private readonly options: RateLimiterOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = options.burst;
    this.last = now();
    this.windowStart = this.last;
    this.floodThreshold = Math.max(1, Math.ceil(options.ratePerSec * options.floodFactor));
  }

  take(): RateDecision {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.ratePerSec);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.rejectedInWindow = 0;
    }
    this.rejectedInWindow += 1;
    return this.rejectedInWindow >= this.floodThreshold ? 'flood' : 'limited';
  }
}
