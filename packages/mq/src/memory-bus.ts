import { BaseBus } from './base-bus.js';
import type { BrokerClient } from './memory-broker.js';
import { defaultMemoryBroker, type MemoryBroker } from './memory-broker.js';
import type { BusOptions } from './options.js';

export interface MemoryBusOptions extends BusOptions {
  /** @default defaultMemoryBroker (one per process) */
  broker?: MemoryBroker;
}

/**
 * The bus on an in-process broker: every server of a single-process cluster shares one
 * `MemoryBroker`. Same envelopes, encoding, limits, permissions, ordering and errors as
 * `RedisBus`; what it cannot lose (a TCP path) it does not pretend to.
 */
export class MemoryBus extends BaseBus {
  private readonly broker: MemoryBroker;
  private readonly client: BrokerClient;

  constructor(options: MemoryBusOptions) {
    super(options);
    this.broker = options.broker ?? defaultMemoryBroker;
    this.client = {
      deliver: (channel, payload) => this.receive(channel, payload),
      availability: (available) => this.setStatus(available ? 'up' : 'down', available ? 'broker available' : 'broker unavailable'),
    };
  }

  async start(): Promise<void> {
    this.broker.connect(this.client);
    this.broker.subscribe(this.client, this.ownChannel);
    if (this.broker.available) this.setStatus('up', 'subscribed');
    else this.setStatus('down', 'broker unavailable');
  }

  protected sendRaw(channel: string, payload: Buffer): Promise<unknown> {
    try {
      return Promise.resolve(this.broker.publish(channel, payload));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  protected async subscribeRaw(channel: string): Promise<void> {
    this.broker.subscribe(this.client, channel);
  }

  protected async unsubscribeRaw(channel: string): Promise<void> {
    this.broker.unsubscribe(this.client, channel);
  }

  protected async psubscribeRaw(pattern: string): Promise<void> {
    this.broker.psubscribe(this.client, pattern);
  }

  protected async punsubscribeRaw(pattern: string): Promise<void> {
    this.broker.punsubscribe(this.client, pattern);
  }

  protected async closeTransport(): Promise<void> {
    this.broker.disconnect(this.client);
  }
}
