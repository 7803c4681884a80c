export type { Lease, Presence, QueueEntry, Store } from './store.js';
