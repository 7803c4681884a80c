import { describe, expect, it } from 'vitest';
import { KeyedDispatcher } from './keyed-dispatcher.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedDispatcher', () => {
  it('runs one key in order and other keys alongside', async () => {
    const d = new KeyedDispatcher({ maxQueued: 100, maxQueuePerKey: 10 }, () => undefined);
    const log: string[] = [];
    let releaseA!: () => void;
    d.push('a', () => new Promise<void>((r) => (releaseA = () => (log.push('a1'), r()))));
    d.push('a', () => void log.push('a2'));
    d.push('b', () => void log.push('b1'));
    d.push(undefined, () => void log.push('free'));
    await tick();
    expect(log).toEqual(['b1', 'free']);
    expect(d.size).toBe(2);
    releaseA();
    await tick();
    expect(log).toEqual(['b1', 'free', 'a1', 'a2']);
    expect(d.size).toBe(0);
  });

  it('refuses past the per-key and total bounds (drop-newest)', () => {
    const d = new KeyedDispatcher({ maxQueued: 4, maxQueuePerKey: 1 }, () => undefined);
    const never = () => new Promise<void>(() => undefined);
    expect(d.push('a', never)).toBe(true); // running
    expect(d.push('a', never)).toBe(true); // waiting (1)
    expect(d.push('a', never)).toBe(false); // per-key bound
    expect(d.push('b', never)).toBe(true);
    expect(d.push(undefined, never)).toBe(true);
    expect(d.push('c', never)).toBe(false); // total bound
    expect(d.size).toBe(4);
  });

  it('reports task errors and keeps the key going', async () => {
    const errors: unknown[] = [];
    const d = new KeyedDispatcher({ maxQueued: 10, maxQueuePerKey: 10 }, (e) => errors.push(e));
    const log: number[] = [];
    d.push('k', () => {
      throw new Error('boom');
    });
    d.push('k', () => void log.push(2));
    await expect(d.idle(1000)).resolves.toBe(true);
    expect(errors).toHaveLength(1);
    expect(log).toEqual([2]);
  });

  it('idle() gives up after its timeout', async () => {
    const d = new KeyedDispatcher({ maxQueued: 10, maxQueuePerKey: 10 }, () => undefined);
    d.push('k', () => new Promise<void>(() => undefined));
    await expect(d.idle(20)).resolves.toBe(false);
  });
});
