import { LatencyHistogram, type HistogramSummary } from './latency-histogram.js';

export interface RouteReport {
  route: string;
  /** Successful round trips. */
  ok: number;
  errors: number;
  /** Error codes and how often (`TIMEOUT`, `RATE_LIMITED`, `CONNECTION_CLOSED`, …). */
  errorCodes: Record<string, number>;
  /** Successful round trips per second over the measured window. */
  perSec: number;
  /** Round trip in milliseconds (open loop: from the intended send time). */
  latency: HistogramSummary;
}

export interface PushReport {
  route: string;
  received: number;
  perSec: number;
  /** Sent → received, when the bots can tell (chat they sent themselves carries the send time). */
  latency?: HistogramSummary;
}

/**
 * Per-route counters and latency histograms, shared by every bot of a run. Only what
 * happens inside the measured window (between `start` and `stop`) counts: warm-up and
 * the drain at the end are left out.
 */
export class RouteStats {
  private readonly routes = new Map<string, { ok: number; errors: number; codes: Map<string, number>; hist: LatencyHistogram }>();
  private readonly pushes = new Map<string, { received: number; hist: LatencyHistogram }>();
  private startedAt = 0;
  private stoppedAt = 0;
  private measuring = false;

  start(now = performance.now()): void {
    this.startedAt = now;
    this.measuring = true;
  }

  stop(now = performance.now()): void {
    if (!this.measuring) return;
    this.stoppedAt = now;
    this.measuring = false;
  }

  get isMeasuring(): boolean {
    return this.measuring;
  }

  /** Seconds in the measured window (so far, while measuring). */
  elapsedSec(now = performance.now()): number {
    const end = this.measuring ? now : this.stoppedAt;
    return Math.max(0, end - this.startedAt) / 1000;
  }

  ok(route: string, latencyMs: number): void {
    if (!this.measuring) return;
    const r = this.route(route);
    r.ok += 1;
    r.hist.recordMs(latencyMs);
  }

  error(route: string, code: string): void {
    if (!this.measuring) return;
    const r = this.route(route);
    r.errors += 1;
    r.codes.set(code, (r.codes.get(code) ?? 0) + 1);
  }

  push(route: string, latencyMs?: number): void {
    if (!this.measuring) return;
    let p = this.pushes.get(route);
    if (!p) this.pushes.set(route, (p = { received: 0, hist: new LatencyHistogram() }));
    p.received += 1;
    if (latencyMs !== undefined) p.hist.recordMs(latencyMs);
  }

  totals(): { ok: number; errors: number; pushes: number } {
    let ok = 0;
    let errors = 0;
    let pushes = 0;
    for (const r of this.routes.values()) {
      ok += r.ok;
      errors += r.errors;
    }
    for (const p of this.pushes.values()) pushes += p.received;
    return { ok, errors, pushes };
  }

  report(now = performance.now()): { routes: RouteReport[]; pushes: PushReport[]; seconds: number } {
    const seconds = this.elapsedSec(now);
    const per = (n: number): number => (seconds > 0 ? n / seconds : 0);
    const routes = [...this.routes].map(([route, r]) => ({
      route,
      ok: r.ok,
      errors: r.errors,
      errorCodes: Object.fromEntries(r.codes),
      perSec: per(r.ok),
      latency: r.hist.summary(),
    }));
    const pushes = [...this.pushes].map(([route, p]) => ({
      route,
      received: p.received,
      perSec: per(p.received),
      ...(p.hist.count > 0 ? { latency: p.hist.summary() } : {}),
    }));
    routes.sort((a, b) => a.route.localeCompare(b.route));
    pushes.sort((a, b) => a.route.localeCompare(b.route));
    return { routes, pushes, seconds };
  }

  private route(route: string): { ok: number; errors: number; codes: Map<string, number>; hist: LatencyHistogram } {
    let r = this.routes.get(route);
    if (!r) this.routes.set(route, (r = { ok: 0, errors: 0, codes: new Map(), hist: new LatencyHistogram() }));
    return r;
  }
}
