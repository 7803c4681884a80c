import type { ServerInfo } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { Registry } from './registry.js';

const info = (id: string, epoch = 1, load = 0): ServerInfo => ({ id, type: id.replace(/\d+$/, '') as ServerInfo['type'], epoch, load, meta: {} });

function clock(start = 1_000_000) {
  const c = { now: start, fn: () => c.now };
  return c;
}

describe('Registry', () => {
  it('registers, refreshes without a change, and bumps the version on joins', () => {
    const c = clock();
    const r = new Registry(c.fn);
    const v0 = r.version;
    expect(r.heartbeat(info('hall001'))).toEqual({ status: 'ok', change: 'joined' });
    const v1 = r.version;
    expect(v1).toBeGreaterThan(v0);
    c.now += 100;
    expect(r.heartbeat(info('hall001', 1, 5))).toEqual({ status: 'ok', change: undefined });
    expect(r.version).toBe(v1);
    expect(r.get('hall001')).toEqual({ info: info('hall001', 1, 5), lastSeen: c.now });
  });

  it('fences a lower epoch and replaces on a higher one', () => {
    const r = new Registry(clock().fn);
    r.heartbeat(info('game001', 5));
    expect(r.heartbeat(info('game001', 4))).toEqual({ status: 'fenced', currentEpoch: 5 });
    expect(r.get('game001')?.info.epoch).toBe(5);
    const v = r.version;
    expect(r.heartbeat(info('game001', 6))).toEqual({ status: 'ok', change: 'replaced', previous: info('game001', 5) });
    expect(r.version).toBeGreaterThan(v);
    expect(r.heartbeat(info('game001', 5))).toEqual({ status: 'fenced', currentEpoch: 6 });
  });

  it('still fences a stale epoch after its successor was removed', () => {
    const c = clock();
    const r = new Registry(c.fn);
    r.heartbeat(info('hall002', 7));
    c.now += 5_000;
    expect(r.sweep(4_000).map((s) => s.id)).toEqual(['hall002']);
    expect(r.heartbeat(info('hall002', 6))).toEqual({ status: 'fenced', currentEpoch: 7 });
    expect(r.heartbeat(info('hall002', 7))).toEqual({ status: 'ok', change: 'joined' });
  });

  it('sweeps only servers silent for longer than deadAfterMs', () => {
    const c = clock();
    const r = new Registry(c.fn);
    r.heartbeat(info('hall001'));
    r.heartbeat(info('hall002'));
    c.now += 3_000;
    r.heartbeat(info('hall002'));
    const v = r.version;
    expect(r.sweep(4_000)).toEqual([]);
    expect(r.version).toBe(v);
    c.now += 1_001;
    expect(r.sweep(4_000).map((s) => s.id)).toEqual(['hall001']);
    expect(r.version).toBeGreaterThan(v);
    expect(r.servers().map((s) => s.id)).toEqual(['hall002']);
  });

  it('removes on leave only for the registered epoch', () => {
    const r = new Registry(clock().fn);
    r.heartbeat(info('gate001', 3));
    expect(r.leave('gate001', 2)).toBeUndefined();
    expect(r.leave('gate009', 3)).toBeUndefined();
    expect(r.leave('gate001', 3)).toEqual(info('gate001', 3));
    expect(r.size).toBe(0);
  });

  it('loads persisted servers as seen now', () => {
    const c = clock();
    const r = new Registry(c.fn);
    const v = r.version;
    r.load([info('hall001', 2), info('game001', 4)]);
    expect(r.version).toBeGreaterThan(v);
    expect(r.list().map((e) => [e.info.id, e.lastSeen])).toEqual([
      ['game001', c.now],
      ['hall001', c.now],
    ]);
    expect(r.heartbeat(info('hall001', 1))).toEqual({ status: 'fenced', currentEpoch: 2 });
  });

  it('keeps versions above a predecessor observer by starting from the clock', () => {
    const c = clock(5_000);
    const first = new Registry(c.fn);
    for (let i = 1; i <= 50; i++) first.heartbeat(info(`hall${String(i).padStart(3, '0')}`));
    expect(first.version).toBe(5_050);
    c.now += 100;
    const second = new Registry(c.fn);
    expect(second.version).toBeGreaterThan(first.version);
  });
});
