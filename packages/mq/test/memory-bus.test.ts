import { describeBusContract } from './bus-contract.js';
import { MemoryBroker, MemoryBus } from '../src/index.js';

const broker = new MemoryBroker();

describeBusContract('MemoryBus', () => ({
  createBus: (options) => new MemoryBus({ ...options, broker }),
  injectRaw: async (channel, payload) => {
    broker.publish(channel, payload);
  },
  outage: async () => broker.setAvailable(false),
  recover: async () => broker.setAvailable(true),
  recoverWithinMs: 100,
}));
