import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('returns the first truthy value, treating throws as "not yet"', async () => {
    let calls = 0;
    const value = await waitUntil(() => {
      calls++;
      if (calls < 3) throw new Error('not yet');
      return calls === 4 ? 'done' : undefined;
    }, { intervalMs: 1 });
    expect(value).toBe('done');
    expect(calls).toBe(4);
  });

  it('names the condition and the last error on timeout', async () => {
    await expect(
      waitUntil(() => Promise.reject(new Error('boom')), { timeoutMs: 30, intervalMs: 5, description: 'the thing' }),
    ).rejects.toThrow(/the thing not met within 30 ms \(last error: boom\)/);
  });
});
