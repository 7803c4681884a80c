import { defaultMemoryBroker, type MemoryBroker } from '@hallway/mq';
import { MemoryStore, type Store } from '@hallway/store';

/** The in-memory broker and store that every service of a single-process cluster shares. */
export interface MemoryBackend {
  broker: MemoryBroker;
  store: Store;
}

let shared: MemoryBackend | undefined;

/**
 * The process-wide memory backend used when BUS=memory and no `memory` option is given:
 * `defaultMemoryBroker` and one `MemoryStore`, created on first use and never closed
 * (other runtimes in the process may still use it).
 */
export function sharedMemoryBackend(): MemoryBackend {
  shared ??= { broker: defaultMemoryBroker, store: new MemoryStore() };
  return shared;
}
