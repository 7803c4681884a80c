import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoomTimers } from './room-timers.js';

const timers = new RoomTimers();
afterEach(() => {
  timers.clear();
  vi.useRealTimers();
});

describe('RoomTimers', () => {
  it('runs a grace expiry once, unless cancelled; a restart replaces the old one', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    timers.startGrace('r1', 'alice', 100, () => expired.push('alice'));
    timers.startGrace('r1', 'bob', 100, () => expired.push('bob'));
    timers.startGrace('r1', 'bob', 300, () => expired.push('bob again'));
    expect(timers.cancelGrace('r1', 'alice')).toBe(true);
    expect(timers.cancelGrace('r1', 'alice')).toBe(false);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual(['bob again']);
    expect(timers.size).toBe(0);
  });

  it('starts a room closing once and cancels every timer of a room', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    expect(timers.startClosing('r1', 100, () => fired.push('close r1'))).toBe(true);
    expect(timers.startClosing('r1', 100, () => fired.push('close r1 twice'))).toBe(false);
    timers.startGrace('r1', 'alice', 100, () => fired.push('grace r1'));
    timers.startGrace('r10', 'alice', 100, () => fired.push('grace r10'));
    timers.cancelRoom('r1');
    expect(timers.hasGrace('r10', 'alice')).toBe(true);
    vi.advanceTimersByTime(150);
    expect(fired).toEqual(['grace r10']);
  });
});
