import { afterEach, expect, it, vi } from 'vitest';
import { MemoryStore } from '../src/index.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('MemoryStore', () => ({ createStore: () => new MemoryStore() }));

afterEach(() => {
  vi.useRealTimers();
});

it('MemoryStore sweeps expired records without being read', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
  const store = new MemoryStore({ sweepIntervalMs: 1000 });
  await store.saveResume('tok', { userId: 'u1', name: 'Ann' }, 500);
  await store.acquireLease('hall', { ttlMs: 500 });
  await store.matchOrWait('duel', { userId: 'a', name: 'A', gate: 'gate001', connId: 'c1', at: Date.now() }, 500);
  const sizes = (): number[] => ['resumes', 'leases', 'queues'].map((k) => (store as unknown as Record<string, Map<string, unknown>>)[k]!.size);
  expect(sizes()).toEqual([1, 1, 1]);
  vi.advanceTimersByTime(1000);
  expect(sizes()).toEqual([0, 0, 0]);
  await store.close();
});
