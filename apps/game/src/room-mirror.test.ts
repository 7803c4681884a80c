import type { RoomInfo } from '@hallway/protocol';
import { MemoryStore } from '@hallway/store';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomMirror } from './room-mirror.js';

const log = pino({ level: 'silent' });

function room(status: RoomInfo['status'], name = 'r'): RoomInfo {
  return { roomId: 'r1', game: 'game001', kind: 'tictactoe', name, players: [], capacity: 2, status, createdAt: 1 };
}

/** A store whose writes take a while and are counted. */
class SlowStore extends MemoryStore {
  puts: RoomInfo[] = [];
  deletes = 0;
  failNext = false;
  override async putRoom(info: RoomInfo): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    this.puts.push(info);
    await super.putRoom(info);
  }
  override async deleteRoom(roomId: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.deletes += 1;
    await super.deleteRoom(roomId);
  }
}

let store: SlowStore;
afterEach(async () => {
  await store.close();
});

describe('RoomMirror', () => {
  it('ends with the latest state however many changes pile up, coalescing queued writes', async () => {
    store = new SlowStore();
    let current: RoomInfo | undefined = room('waiting');
    const mirror = new RoomMirror(store, () => current, log);
    const first = mirror.sync('r1');
    // Changes before the write starts are simply part of it.
    expect(mirror.sync('r1')).toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    // The first write is in flight now: later changes queue one more write, shared by all.
    current = room('playing');
    const second = mirror.sync('r1');
    current = room('finished');
    const third = mirror.sync('r1');
    expect(third).toBe(second);
    await Promise.all([first, second, third]);
    expect(store.puts.map((r) => r.status)).toEqual(['waiting', 'finished']);
    expect((await store.getRoom('r1'))?.status).toBe('finished');
  });

  it('skips unchanged rooms, deletes closed ones, and survives store failures', async () => {
    store = new SlowStore();
    let current: RoomInfo | undefined = room('waiting');
    const mirror = new RoomMirror(store, () => current, log);
    await mirror.sync('r1');
    await mirror.sync('r1');
    expect(store.puts).toHaveLength(1);
    current = room('playing');
    store.failNext = true;
    await mirror.sync('r1');
    expect((await store.getRoom('r1'))?.status).toBe('waiting');
    await mirror.sync('r1');
    expect((await store.getRoom('r1'))?.status).toBe('playing');
    current = undefined;
    await mirror.sync('r1');
    await mirror.flush();
    expect(store.deletes).toBe(1);
    expect(await store.getRoom('r1')).toBeUndefined();
  });
});
