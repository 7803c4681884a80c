import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

/** Exact percentile by sorting, the way the histogram defines rank (ceil(q · n)). */
function exact(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((q / 100) * sorted.length)) - 1]!;
}

describe('LatencyHistogram', () => {
  it('is exact below 128 µs', () => {
    const h = new LatencyHistogram();
    for (let us = 1; us <= 100; us++) h.recordUs(us);
    expect(h.percentileMs(50)).toBe(0.05);
    expect(h.percentileMs(99)).toBe(0.099);
    expect(h.percentileMs(100)).toBe(0.1);
    expect(h.summary().min).toBe(0.001);
  });

  it('reports percentiles of a skewed distribution within 1.6 %, never an average', () => {
    // 98 % fast (≈ 1 ms), 2 % slow (≈ 200 ms): p50 must be fast and p99 slow, unlike a mean.
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) values.push(Math.round(i % 50 === 0 ? 200_000 + random() * 50_000 : 800 + random() * 400));
    const h = new LatencyHistogram();
    for (const v of values) h.recordUs(v);
    for (const q of [50, 90, 95, 99, 99.9]) {
      const want = exact(values, q) / 1000;
      const got = h.percentileMs(q);
      expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.016);
      expect(got).toBeGreaterThanOrEqual(want); // highest equivalent value: never under-reports
    }
    expect(h.percentileMs(50)).toBeLessThan(1.3);
    expect(h.percentileMs(99)).toBeGreaterThan(199);
    expect(h.summary().max).toBe(Math.max(...values) / 1000);
  });

  it('merges into the same result as recording everything in one', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 5000; i++) {
      const v = (i * 7919) % 100_000;
      (i % 2 ? a : b).recordUs(v);
      all.recordUs(v);
    }
    expect(a.merge(b).summary()).toEqual(all.summary());
  });

  it('is empty-safe and clamps absurd values', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toMatchObject({ count: 0, p99: 0, max: 0 });
    h.recordMs(-5);
    h.recordMs(1e12);
    expect(h.count).toBe(2);
    expect(h.summary().min).toBe(0);
    expect(h.summary().max).toBeCloseTo((2 ** 31 - 1) / 1000);
  });
});
