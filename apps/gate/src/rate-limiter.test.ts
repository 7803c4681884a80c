import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

function limiter(ratePerSec: number, burst: number, floodFactor = 2) {
  let now = 0;
  const l = new RateLimiter({ ratePerSec, burst, floodFactor }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows the burst at once, then the rate', () => {
    const { l, advance } = limiter(10, 3);
    expect([l.take(), l.take(), l.take(), l.take()]).toEqual(['ok', 'ok', 'ok', 'limited']);
    advance(100); // one token at 10/s
    expect([l.take(), l.take()]).toEqual(['ok', 'limited']);
    advance(10_000); // refills to the burst, not beyond
    expect([l.take(), l.take(), l.take(), l.take()]).toEqual(['ok', 'ok', 'ok', 'limited']);
  });

  it('sustains exactly the rate', () => {
    const { l, advance } = limiter(50, 1);
    let ok = 0;
    for (let i = 0; i < 1000; i++) {
      advance(5); // 200 attempts per second
      if (l.take() === 'ok') ok += 1;
    }
    expect(ok).toBeGreaterThanOrEqual(249);
    expect(ok).toBeLessThanOrEqual(251);
  });

  it('reports flooding after floodFactor × rate refusals within a second', () => {
    const { l } = limiter(10, 2);
    l.take();
    l.take();
    const decisions = Array.from({ length: 20 }, () => l.take());
    expect(decisions.slice(0, 19).every((d) => d === 'limited')).toBe(true);
    expect(decisions[19]).toBe('flood');
  });

  it('forgets refusals from an earlier second', () => {
    const { l, advance } = limiter(10, 1);
    l.take();
    for (let i = 0; i < 15; i++) expect(l.take()).toBe('limited');
    advance(1_000);
    l.take(); // the refilled token
    for (let i = 0; i < 19; i++) expect(l.take()).toBe('limited');
    expect(l.take()).toBe('flood');
  });
});
