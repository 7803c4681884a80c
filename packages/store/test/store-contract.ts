import type { RoomInfo, ServerInfo } from '@hallway/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store, StoreStats } from '../src/index.js';
import { LeaseTakenError, StoreClosedError } from '../src/index.js';
import { entry, presence, room, sleep } from './helpers.js';

/** What a contract run needs from one store implementation. */
export interface ContractEnv {
  /** A fresh, empty store (on Redis: a new unique key prefix). */
  createStore(): Store & { stats(): StoreStats };
}

/**
 * One suite, run against both `RedisStore` and `MemoryStore`: the in-memory store is a
 * product feature (the single-process cluster) and must behave like the Redis one.
 */
export function describeStoreContract(name: string, getEnv: () => ContractEnv): void {
  describe(`${name} contract`, () => {
    const open: Store[] = [];

    function store(): Store & { stats(): StoreStats } {
      const s = getEnv().createStore();
      open.push(s);
      return s;
    }

    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    describe('leases', () => {
      it('hands out the lowest free number per type: 001, 002, …', async () => {
        const s = store();
        const halls = [];
        for (let i = 0; i < 3; i++) halls.push(await s.acquireLease('hall', { ttlMs: 10_000 }));
        expect(halls.map((l) => l.serverId)).toEqual(['hall001', 'hall002', 'hall003']);
        expect(halls.every((l) => l.type === 'hall' && l.epoch > 0 && l.token.length > 0)).toBe(true);
        expect(new Set(halls.map((l) => l.token)).size).toBe(3);
        const gate = await s.acquireLease('gate', { ttlMs: 10_000 });
        expect(gate).toMatchObject({ serverId: 'gate001', type: 'gate' });
      });

      it('fills the gap a released id leaves, with a larger epoch', async () => {
        const s = store();
        const [, second] = [await s.acquireLease('game', { ttlMs: 10_000 }), await s.acquireLease('game', { ttlMs: 10_000 })];
        await s.acquireLease('game', { ttlMs: 10_000 });
        await s.releaseLease(second!);
        const again = await s.acquireLease('game', { ttlMs: 10_000 });
        expect(again.serverId).toBe('game002');
        expect(again.epoch).toBeGreaterThan(second!.epoch);
        expect(again.token).not.toBe(second!.token);
        expect((await s.acquireLease('game', { ttlMs: 10_000 })).serverId).toBe('game004');
      });

      it('reuses an expired id with a larger epoch; the old holder cannot renew it', async () => {
        const s = store();
        const old = await s.acquireLease('hall', { ttlMs: 100 });
        await sleep(250);
        const next = await s.acquireLease('hall', { ttlMs: 10_000 });
        expect(next.serverId).toBe('hall001');
        expect(next.epoch).toBeGreaterThan(old.epoch);
        await expect(s.renewLease(old, 10_000)).resolves.toBe(false);
        await expect(s.renewLease(next, 10_000)).resolves.toBe(true);
      });

      it('renew after expiry is false even when nobody took the id', async () => {
        const s = store();
        const lease = await s.acquireLease('gate', { ttlMs: 100 });
        await sleep(250);
        await expect(s.renewLease(lease, 10_000)).resolves.toBe(false);
      });

      it('keeps a renewed lease alive past its first ttl', async () => {
        const s = store();
        const lease = await s.acquireLease('gate', { ttlMs: 300 });
        for (let i = 0; i < 5; i++) {
          await sleep(100);
          await expect(s.renewLease(lease, 300)).resolves.toBe(true);
        }
        // 500 ms after acquiring, well past the ttl: still held.
        await expect(s.acquireLease('gate', { ttlMs: 1000, preferredId: lease.serverId })).rejects.toBeInstanceOf(LeaseTakenError);
        expect((await s.acquireLease('gate', { ttlMs: 1000 })).serverId).toBe('gate002');
      });

      it('gives exactly the preferred id, or LeaseTakenError while it is held', async () => {
        const s = store();
        const held = await s.acquireLease('hall', { ttlMs: 10_000, preferredId: 'hall007' });
        expect(held).toMatchObject({ serverId: 'hall007', type: 'hall' });
        const error = await s.acquireLease('hall', { ttlMs: 10_000, preferredId: 'hall007' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LeaseTakenError);
        expect(error).toMatchObject({ code: 'LEASE_TAKEN', serverId: 'hall007' });
        // The scan does not care about the preferred one: hall001 is still free.
        expect((await s.acquireLease('hall', { ttlMs: 10_000 })).serverId).toBe('hall001');
        await s.releaseLease(held);
        const again = await s.acquireLease('hall', { ttlMs: 10_000, preferredId: 'hall007' });
        expect(again.epoch).toBeGreaterThan(held.epoch);
      });

      it('refuses a preferred id of another type', async () => {
        const s = store();
        await expect(s.acquireLease('hall', { ttlMs: 1000, preferredId: 'gate001' })).rejects.toBeInstanceOf(TypeError);
        await expect(s.acquireLease('hall', { ttlMs: 1000, preferredId: 'hall1' })).rejects.toBeInstanceOf(TypeError);
        await expect(s.acquireLease('hall', { ttlMs: 0 })).rejects.toBeInstanceOf(RangeError);
      });

      it('leases the observer as exactly "observer", once', async () => {
        const s = store();
        const observer = await s.acquireLease('observer', { ttlMs: 10_000 });
        expect(observer).toMatchObject({ serverId: 'observer', type: 'observer' });
        await expect(s.acquireLease('observer', { ttlMs: 10_000 })).rejects.toBeInstanceOf(LeaseTakenError);
        await s.releaseLease(observer);
        const next = await s.acquireLease('observer', { ttlMs: 10_000, preferredId: 'observer' });
        expect(next.epoch).toBeGreaterThan(observer.epoch);
      });

      it('lets only the holder release or renew', async () => {
        const s = store();
        const lease = await s.acquireLease('game', { ttlMs: 10_000 });
        const forged = { ...lease, token: 'not-the-token' };
        await s.releaseLease(forged);
        await expect(s.renewLease(forged, 10_000)).resolves.toBe(false);
        await expect(s.acquireLease('game', { ttlMs: 10_000, preferredId: 'game001' })).rejects.toBeInstanceOf(LeaseTakenError);
        await s.releaseLease(lease);
        await expect(s.renewLease(lease, 10_000)).resolves.toBe(false);
        // Releasing twice is harmless.
        await s.releaseLease(lease);
        expect((await s.acquireLease('game', { ttlMs: 10_000 })).serverId).toBe('game001');
      });

      it('never hands the same id to two concurrent callers', async () => {
        const s = store();
        const leases = await Promise.all(Array.from({ length: 20 }, () => s.acquireLease('hall', { ttlMs: 10_000 })));
        const ids = leases.map((l) => l.serverId).sort();
        expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `hall${String(i + 1).padStart(3, '0')}`));
      });
    });

    describe('presence', () => {
      it('claim returns the previous session, and the latest one wins', async () => {
        const s = store();
        const first = presence('u1', 'c1', { gate: 'gate001' });
        const second = presence('u1', 'c2', { gate: 'gate002', hall: 'hall002' });
        await expect(s.claimPresence(first)).resolves.toBeUndefined();
        await expect(s.claimPresence(second)).resolves.toEqual(first);
        await expect(s.getPresence('u1')).resolves.toEqual(second);
        await expect(s.getPresence('nobody')).resolves.toBeUndefined();
      });

      it('releases only for the connection that holds it', async () => {
        const s = store();
        await s.claimPresence(presence('u1', 'c1'));
        await s.claimPresence(presence('u1', 'c2'));
        // The old connection closing must not log out the new one.
        await expect(s.releasePresence('u1', 'c1')).resolves.toBe(false);
        expect((await s.getPresence('u1'))?.connId).toBe('c2');
        await expect(s.releasePresence('u1', 'c2')).resolves.toBe(true);
        await expect(s.getPresence('u1')).resolves.toBeUndefined();
        await expect(s.releasePresence('u1', 'c2')).resolves.toBe(false);
        await expect(s.releasePresence('never', 'c0')).resolves.toBe(false);
      });

      it('counts users, not sessions', async () => {
        const s = store();
        await expect(s.countPresence()).resolves.toBe(0);
        await s.claimPresence(presence('u1', 'c1'));
        await s.claimPresence(presence('u1', 'c2'));
        await s.claimPresence(presence('u2', 'c3'));
        await expect(s.countPresence()).resolves.toBe(2);
        await s.releasePresence('u1', 'c1');
        await expect(s.countPresence()).resolves.toBe(2);
        await s.releasePresence('u1', 'c2');
        await expect(s.countPresence()).resolves.toBe(1);
      });

      it("releases a dead gate's users, but not those who moved to another gate", async () => {
        const s = store();
        for (let i = 0; i < 30; i++) await s.claimPresence(presence(`g1-${i}`, `c${i}`, { gate: 'gate001' }));
        await s.claimPresence(presence('g2-user', 'x1', { gate: 'gate002' }));
        // Moved from gate001 to gate002 before gate001 died.
        await s.claimPresence(presence('g1-0', 'x2', { gate: 'gate002' }));
        await expect(s.releaseGatePresence('gate001')).resolves.toBe(29);
        await expect(s.countPresence()).resolves.toBe(2);
        await expect(s.getPresence('g1-1')).resolves.toBeUndefined();
        expect((await s.getPresence('g1-0'))?.gate).toBe('gate002');
        await expect(s.releaseGatePresence('gate001')).resolves.toBe(0);
      });

      it('stores a copy with only the known fields', async () => {
        const s = store();
        const p = { ...presence('u1', 'c1'), secret: 'x' } as ReturnType<typeof presence>;
        await s.claimPresence(p);
        p.connId = 'mutated';
        const got = await s.getPresence('u1');
        expect(got?.connId).toBe('c1');
        expect(got).not.toHaveProperty('secret');
      });
    });

    describe('resume tokens', () => {
      it('saves, loads, and forgets after the ttl', async () => {
        const s = store();
        await s.saveResume('tok-a', { userId: 'u1', name: 'Ann' }, 10_000);
        await s.saveResume('tok-b', { userId: 'u2', name: 'Bob' }, 100);
        await expect(s.loadResume('tok-a')).resolves.toEqual({ userId: 'u1', name: 'Ann' });
        await expect(s.loadResume('tok-b')).resolves.toEqual({ userId: 'u2', name: 'Bob' });
        await expect(s.loadResume('unknown')).resolves.toBeUndefined();
        await sleep(250);
        await expect(s.loadResume('tok-b')).resolves.toBeUndefined();
        await expect(s.loadResume('tok-a')).resolves.toEqual({ userId: 'u1', name: 'Ann' });
      });
    });

    describe('quick match', () => {
      it('the first waits, the second gets the first, the third waits again', async () => {
        const s = store();
        const a = entry('a');
        await expect(s.matchOrWait('duel', a, 10_000)).resolves.toBeUndefined();
        await expect(s.matchOrWait('duel', entry('b'), 10_000)).resolves.toEqual(a);
        await expect(s.matchOrWait('duel', entry('c'), 10_000)).resolves.toBeUndefined();
        await expect(s.leaveQueue('duel', 'a')).resolves.toBe(false);
        await expect(s.leaveQueue('duel', 'b')).resolves.toBe(false);
        await expect(s.leaveQueue('duel', 'c')).resolves.toBe(true);
      });

      it('never matches a user with themselves nor queues them twice', async () => {
        const s = store();
        await expect(s.matchOrWait('duel', entry('a', 'c1'), 10_000)).resolves.toBeUndefined();
        await expect(s.matchOrWait('duel', entry('a', 'c2'), 10_000)).resolves.toBeUndefined();
        // The latest entry (c2) is the one waiting, and only once.
        expect(await s.matchOrWait('duel', entry('b'), 10_000)).toMatchObject({ userId: 'a', connId: 'c2' });
        await expect(s.matchOrWait('duel', entry('c'), 10_000)).resolves.toBeUndefined();
      });

      it('skips entries older than the ttl', async () => {
        const s = store();
        await s.matchOrWait('duel', entry('old', 'c1', { at: Date.now() - 5_000 }), 60_000);
        // With a 1 s ttl the 5 s old entry is stale: b waits instead of matching it.
        await expect(s.matchOrWait('duel', entry('b'), 1_000)).resolves.toBeUndefined();
        expect(await s.matchOrWait('duel', entry('c'), 1_000)).toMatchObject({ userId: 'b' });
        await expect(s.leaveQueue('duel', 'old')).resolves.toBe(false);
      });

      it('forgets a waiting entry once the ttl has passed', async () => {
        const s = store();
        await s.matchOrWait('duel', entry('a'), 100);
        await sleep(250);
        await expect(s.matchOrWait('duel', entry('b'), 100)).resolves.toBeUndefined();
        await expect(s.leaveQueue('duel', 'a')).resolves.toBe(false);
      });

      it('leaveQueue removes the user, true only if they were waiting', async () => {
        const s = store();
        await s.matchOrWait('duel', entry('a'), 10_000);
        await expect(s.leaveQueue('duel', 'a')).resolves.toBe(true);
        await expect(s.leaveQueue('duel', 'a')).resolves.toBe(false);
        await expect(s.leaveQueue('nothing-here', 'a')).resolves.toBe(false);
        await expect(s.matchOrWait('duel', entry('b'), 10_000)).resolves.toBeUndefined();
      });

      it('keeps queues apart', async () => {
        const s = store();
        await s.matchOrWait('duel', entry('a'), 10_000);
        await expect(s.matchOrWait('race', entry('b'), 10_000)).resolves.toBeUndefined();
        expect(await s.matchOrWait('race', entry('c'), 10_000)).toMatchObject({ userId: 'b' });
        expect(await s.matchOrWait('duel', entry('d'), 10_000)).toMatchObject({ userId: 'a' });
      });

      it('pairs concurrent callers exactly once each', async () => {
        const s = store();
        const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
        const results = await Promise.all(users.map((u) => s.matchOrWait('duel', entry(u), 10_000)));
        const pairs = users.flatMap((u, i) => (results[i] ? [[u, results[i].userId].sort().join('+')] : []));
        expect(pairs).toHaveLength(5);
        const paired = pairs.flatMap((p) => p.split('+'));
        expect(new Set(paired).size).toBe(10);
      });
    });

    describe('rooms', () => {
      it('puts, gets, lists, overwrites and deletes', async () => {
        const s = store();
        await expect(s.listRooms()).resolves.toEqual([]);
        const r1 = room('r1');
        const r2 = room('r2', { status: 'playing', game: 'game002' });
        await s.putRoom(r1);
        await s.putRoom(r2);
        await expect(s.getRoom('r1')).resolves.toEqual(r1);
        await expect(s.getRoom('nope')).resolves.toBeUndefined();
        expect(sortRooms(await s.listRooms())).toEqual([r1, r2]);
        const full = { ...r1, players: [...r1.players, { userId: 'u2', name: 'Bob' }], status: 'playing' as const };
        await s.putRoom(full);
        await expect(s.getRoom('r1')).resolves.toEqual(full);
        await s.deleteRoom('r1');
        await s.deleteRoom('r1');
        await expect(s.getRoom('r1')).resolves.toBeUndefined();
        await expect(s.listRooms()).resolves.toEqual([r2]);
      });

      it('skips and counts rooms that fail validation', async () => {
        const s = store();
        await s.putRoom(room('good'));
        await s.putRoom({ ...room('bad'), capacity: -1 });
        await s.putRoom({ roomId: 'worse' } as RoomInfo);
        const before = s.stats().invalidRecords;
        expect((await s.listRooms()).map((r) => r.roomId)).toEqual(['good']);
        expect(s.stats().invalidRecords).toBe(before + 2);
        await expect(s.getRoom('bad')).resolves.toBeUndefined();
        expect(s.stats().invalidRecords).toBe(before + 3);
      });

      it('remembers and clears the room a user plays in', async () => {
        const s = store();
        await expect(s.getUserRoom('u1')).resolves.toBeUndefined();
        await s.setUserRoom('u1', 'r1');
        await s.setUserRoom('u2', 'r1');
        await s.setUserRoom('u1', 'r2');
        await expect(s.getUserRoom('u1')).resolves.toBe('r2');
        await s.setUserRoom('u1', null);
        await expect(s.getUserRoom('u1')).resolves.toBeUndefined();
        await expect(s.getUserRoom('u2')).resolves.toBe('r1');
      });
    });

    describe('registry', () => {
      it('is empty at first and round-trips the servers', async () => {
        const s = store();
        await expect(s.loadRegistry()).resolves.toEqual([]);
        const servers: ServerInfo[] = [
          { id: 'gate001', type: 'gate', epoch: 3, load: 12, meta: { url: 'ws://localhost:8000' } },
          { id: 'hall002', type: 'hall', epoch: 1_700_000_000_123, load: 0, meta: {} },
        ];
        await s.saveRegistry(servers);
        await expect(s.loadRegistry()).resolves.toEqual(servers);
        await s.saveRegistry([]);
        await expect(s.loadRegistry()).resolves.toEqual([]);
      });

      it('drops registry entries that fail validation', async () => {
        const s = store();
        const good: ServerInfo = { id: 'game001', type: 'game', epoch: 1, load: 2, meta: {} };
        await s.saveRegistry([good, { id: 'bogus', type: 'game', epoch: 1, load: 0, meta: {} } as unknown as ServerInfo]);
        await expect(s.loadRegistry()).resolves.toEqual([good]);
      });
    });

    it('rejects every operation with StoreClosedError after close', async () => {
      const s = store();
      await s.close();
      await s.close();
      await expect(s.getPresence('u1')).rejects.toBeInstanceOf(StoreClosedError);
      await expect(s.acquireLease('hall', { ttlMs: 1000 })).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
}

function sortRooms(rooms: RoomInfo[]): RoomInfo[] {
  return [...rooms].sort((a, b) => a.roomId.localeCompare(b.roomId));
}
