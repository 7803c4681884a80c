export type { Lease, Presence, QueueEntry, Store, StoreStats } from './store.js';
export { MemoryStore, DEFAULT_MEMORY_STORE_OPTIONS, type MemoryStoreOptions } from './memory-store.js';
export { RedisStore, DEFAULT_REDIS_STORE_OPTIONS, type RedisStoreOptions } from './redis-store.js';
export { MAX_LEASE_NUMBER } from './lease-ids.js';
export * from './errors.js';
