import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_OPTIONS, reconnectDelay } from './reconnect-policy.js';

describe('reconnectDelay', () => {
  const options = { ...DEFAULT_RECONNECT_OPTIONS, minDelayMs: 100, maxDelayMs: 1000 };

  it('doubles per attempt between half and all of the ceiling', () => {
    expect(reconnectDelay(options, 0, () => 0)).toBe(50);
    expect(reconnectDelay(options, 0, () => 1)).toBe(100);
    expect(reconnectDelay(options, 2, () => 1)).toBe(400);
    expect(reconnectDelay(options, 2, () => 0.5)).toBe(300);
  });

  it('never exceeds maxDelayMs, even after many attempts', () => {
    expect(reconnectDelay(options, 10, () => 1)).toBe(1000);
    expect(reconnectDelay(options, 10_000, () => 1)).toBe(1000);
  });
});
