import type { ClusterUpdate, ServerInfo } from '@hallway/protocol';
import { describe, expect, it } from 'vitest';
import { withObserver } from './cluster-sync.js';
import { LiveClusterView } from './cluster-view.js';
import type { ClusterChange } from './service-runtime.js';

const server = (id: string, epoch = 1, load = 0): ServerInfo => ({ id, type: id.replace(/\d+$/, '') as ServerInfo['type'], epoch, load, meta: {} });
const update = (version: number, servers: ServerInfo[]): ClusterUpdate => ({
  version,
  permissions: { game: servers.filter((s) => s.type === 'game').map((s) => s.id) },
  servers,
});

describe('LiveClusterView', () => {
  it('applies newer updates and reports who came and went', () => {
    const view = new LiveClusterView();
    const changes: ClusterChange[] = [];
    view.on('change', (c) => changes.push(c));
    expect(view.apply(update(1, [server('game001'), server('game002')]))).toBe(true);
    expect(view.apply(update(2, [server('game002'), server('game003')]))).toBe(true);
    expect(view.version).toBe(2);
    expect(view.servers('game').map((s) => s.id)).toEqual(['game002', 'game003']);
    expect(view.has('game001')).toBe(false);
    expect(changes.map((c) => [c.added.map((s) => s.id), c.removed.map((s) => s.id)])).toEqual([
      [['game001', 'game002'], []],
      [['game003'], ['game001']],
    ]);
  });

  it('ignores older and equal versions', () => {
    const view = new LiveClusterView();
    view.apply(update(5, [server('game001')]));
    expect(view.apply(update(4, [server('game009')]))).toBe(false);
    expect(view.apply(update(5, [server('game009')]))).toBe(false);
    expect(view.servers().map((s) => s.id)).toEqual(['game001']);
  });

  it('treats a new epoch under the same id as a different server', () => {
    const view = new LiveClusterView();
    const changes: ClusterChange[] = [];
    view.on('change', (c) => changes.push(c));
    view.apply(update(1, [server('game001', 1)]));
    view.apply(update(2, [server('game001', 2)]));
    expect(changes[1]?.removed.map((s) => s.epoch)).toEqual([1]);
    expect(changes[1]?.added.map((s) => s.epoch)).toEqual([2]);
    expect(view.get('game001')?.epoch).toBe(2);
  });

  it('refreshes load from a same-version update without changing membership', () => {
    const view = new LiveClusterView();
    let changes = 0;
    view.on('change', () => (changes += 1));
    view.apply(update(3, [server('game001', 1, 0), server('game002', 1, 0)]));
    expect(view.refresh(update(3, [server('game001', 1, 7), server('game009', 1, 1), server('game002', 9, 5)]))).toBe(true);
    expect(view.get('game001')?.load).toBe(7);
    // Unknown ids and other epochs are membership changes: only a newer version may bring them.
    expect(view.has('game009')).toBe(false);
    expect(view.get('game002')).toMatchObject({ epoch: 1, load: 0 });
    expect(view.refresh(update(2, [server('game001', 1, 1)]))).toBe(false);
    expect(view.get('game001')?.load).toBe(7);
    expect(changes).toBe(1);
  });
});

describe('withObserver', () => {
  it('keeps the observer in every permission list', () => {
    expect(withObserver({ gate: ['gate001'] })).toEqual({ gate: ['gate001'], observer: ['observer'] });
    const already = { observer: ['observer'] };
    expect(withObserver(already)).toBe(already);
    expect(withObserver({ observer: [] })).toEqual({ observer: ['observer'] });
  });
});
