/**
 * An HDR-style log-linear histogram of latencies in microseconds: exact below 128 µs,
 * then 64 sub-buckets per power of two, so any recorded value is reported within 1.6 %
 * (one sub-bucket) of itself. Fixed memory (≈ 1,700 counters up to ~35 minutes), O(1)
 * record, and mergeable — percentiles come from counts, never from averages.
 */
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS; // 64
const LINEAR = SUB * 2; // 128: below this, one bucket per microsecond
/** 2^31 µs ≈ 35 minutes: anything longer is clamped (and still counted). */
const MAX_VALUE = 2 ** 31 - 1;
const BUCKETS = (31 - SUB_BITS) * SUB + SUB;

export interface HistogramSummary {
  count: number;
  /** Milliseconds. */
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private minUs = Infinity;
  private maxUs = 0;

  get count(): number {
    return this.total;
  }

  /** Records a latency given in milliseconds (fractions welcome: `performance.now()` deltas). */
  recordMs(ms: number): void {
    this.recordUs(Math.round(ms * 1000));
  }

  recordUs(us: number): void {
    const v = Math.min(MAX_VALUE, Math.max(0, Math.floor(us)));
    this.counts[indexOf(v)]! += 1;
    this.total += 1;
    this.sum += v;
    if (v < this.minUs) this.minUs = v;
    if (v > this.maxUs) this.maxUs = v;
  }

  merge(other: LatencyHistogram): this {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
    return this;
  }

  /**
   * The value at `q` (0–100) in milliseconds: the highest value equivalent to the bucket
   * holding the q-th percentile rank, capped at the true maximum (as HdrHistogram does).
   */
  percentileMs(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, q)) / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(highestEquivalent(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): HistogramSummary {
    const empty = this.total === 0;
    return {
      count: this.total,
      min: empty ? 0 : this.minUs / 1000,
      mean: empty ? 0 : this.sum / this.total / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.maxUs / 1000,
    };
  }
}

function indexOf(v: number): number {
  if (v < LINEAR) return v;
  const msb = 31 - Math.clz32(v); // ≥ 7
  const shift = msb - SUB_BITS; // ≥ 1
  return shift * SUB + (v >>> shift); // v >>> shift is in [64, 128)
}

function highestEquivalent(index: number): number {
  if (index < LINEAR) return index;
  const shift = Math.floor(index / SUB) - 1;
  const sub = index - shift * SUB;
  return sub * 2 ** shift + 2 ** shift - 1;
}
