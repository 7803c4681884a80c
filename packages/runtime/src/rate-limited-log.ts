import type { Logger } from 'pino';

/**
 * Logs a recurring failure without flooding: the first one at warn, then at most one
 * summary per `everyMs` with how many happened, and one line when it recovers.
 */
export class RateLimitedLog {
  private failures = 0;
  private sinceLastLog = 0;
  private lastLogAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly everyMs = 10_000,
  ) {}

  failure(err: unknown, detail?: Record<string, unknown>): void {
    this.failures += 1;
    this.sinceLastLog += 1;
    const now = Date.now();
    if (this.failures === 1 || now - this.lastLogAt >= this.everyMs) {
      this.log.warn({ err, ...detail, failures: this.failures, sinceLastLog: this.sinceLastLog }, `${this.what} failed`);
      this.lastLogAt = now;
      this.sinceLastLog = 0;
    }
  }

  success(): void {
    if (this.failures > 0) this.log.info({ failures: this.failures }, `${this.what} recovered`);
    this.failures = 0;
    this.sinceLastLog = 0;
  }
}
