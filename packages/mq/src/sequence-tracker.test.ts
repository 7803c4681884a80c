import { describe, expect, it } from 'vitest';
import { Sequencer, SequenceTracker } from './sequence-tracker.js';

describe('Sequencer', () => {
  it('numbers each channel from 1', () => {
    const s = new Sequencer();
    expect([s.take('a'), s.take('a'), s.take('b'), s.take('a')]).toEqual([1, 2, 1, 3]);
  });
});

describe('SequenceTracker', () => {
  it('reports jumps, ignores first contact, restarts and stragglers', () => {
    const t = new SequenceTracker();
    expect(t.observe('c', 'gate001', 5, 10, 0)).toBeUndefined(); // first contact
    expect(t.observe('c', 'gate001', 5, 11, 0)).toBeUndefined();
    expect(t.observe('c', 'gate001', 5, 15, 0)).toEqual({ channel: 'c', from: 'gate001', epoch: 5, missed: 3 });
    expect(t.observe('c', 'gate001', 6, 1, 0)).toBeUndefined(); // restarted
    expect(t.observe('c', 'gate001', 5, 16, 0)).toBeUndefined(); // old epoch
    expect(t.observe('c', 'gate001', 6, 2, 0)).toBeUndefined();
    expect(t.observe('d', 'gate001', 6, 9, 0)).toBeUndefined(); // other channel, own stream
  });

  it('forgets idle senders', () => {
    const t = new SequenceTracker(1000);
    t.observe('c', 'a', 1, 1, 0);
    t.observe('c', 'b', 1, 1, 900);
    t.prune(1500);
    expect(t.size).toBe(1);
  });
});
