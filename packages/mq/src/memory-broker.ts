import { globToRegExp } from './glob.js';

/** What a memory broker delivers to: the in-memory counterpart of a subscriber connection. */
export interface BrokerClient {
  deliver(channel: string, payload: Buffer): void;
  /** The broker became unreachable (`available = false`) or reachable again. */
  availability(available: boolean): void;
}

/**
 * An in-process stand-in for Redis pub/sub, for single-process development: channels,
 * glob patterns, asynchronous delivery (a message arrives on a later turn, as over a
 * socket), and an availability switch that makes every bus on it go down and come back
 * the way a Redis outage does.
 */
export class MemoryBroker {
  private readonly channels = new Map<string, Set<BrokerClient>>();
  private readonly patterns = new Map<string, { re: RegExp; clients: Set<BrokerClient> }>();
  private readonly clients = new Set<BrokerClient>();
  private isAvailable = true;

  get available(): boolean {
    return this.isAvailable;
  }

  connect(client: BrokerClient): void {
    this.clients.add(client);
  }

  disconnect(client: BrokerClient): void {
    this.clients.delete(client);
    for (const [name, set] of this.channels) if (set.delete(client) && set.size === 0) this.channels.delete(name);
    for (const [name, p] of this.patterns) if (p.clients.delete(client) && p.clients.size === 0) this.patterns.delete(name);
  }

  subscribe(client: BrokerClient, channel: string): void {
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(client);
  }

  unsubscribe(client: BrokerClient, channel: string): void {
    const set = this.channels.get(channel);
    if (set?.delete(client) && set.size === 0) this.channels.delete(channel);
  }

  psubscribe(client: BrokerClient, pattern: string): void {
    let p = this.patterns.get(pattern);
    if (!p) this.patterns.set(pattern, (p = { re: globToRegExp(pattern), clients: new Set() }));
    p.clients.add(client);
  }

  punsubscribe(client: BrokerClient, pattern: string): void {
    const p = this.patterns.get(pattern);
    if (p?.clients.delete(client) && p.clients.size === 0) this.patterns.delete(pattern);
  }

  /** Like PUBLISH: returns how many subscriptions will receive it; throws while unavailable. */
  publish(channel: string, payload: Buffer): number {
    if (!this.isAvailable) throw new Error('memory broker unavailable');
    const targets: BrokerClient[] = [...(this.channels.get(channel) ?? [])];
    for (const p of this.patterns.values()) if (p.re.test(channel)) targets.push(...p.clients);
    if (targets.length === 0) return 0;
    // Copy once: a receiver must never see the sender's later mutations.
    const copy = Buffer.from(payload);
    setImmediate(() => {
      if (!this.isAvailable) return; // lost in the outage, as with Redis
      for (const client of targets) client.deliver(channel, copy);
    });
    return targets.length;
  }

  /** Simulates an outage (false) and recovery (true) for every connected bus. */
  setAvailable(available: boolean): void {
    if (available === this.isAvailable) return;
    this.isAvailable = available;
    for (const client of this.clients) client.availability(available);
  }
}

/** The broker that `MemoryBus` uses when none is given: one per process. */
export const defaultMemoryBroker = new MemoryBroker();
