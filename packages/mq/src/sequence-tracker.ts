/**
 * Gap detection. Redis pub/sub is at-most-once: a message published while a
 * subscriber reconnects, or dropped when Redis kills a slow consumer, is simply gone.
 * Senders number envelopes per (sender epoch, destination channel); the receiver
 * remembers the last number per (channel, sender) and reports any jump as a gap, so
 * the application can resync instead of silently diverging.
 */
export interface Gap {
  channel: string;
  from: string;
  epoch: number;
  /** How many envelopes were lost between the last one seen and this one. */
  missed: number;
}

interface Stream {
  epoch: number;
  seq: number;
  seenAt: number;
}

/** Outgoing numbering: the next seq for a destination channel. */
export class Sequencer {
  private readonly next = new Map<string, number>();

  take(channel: string): number {
    const seq = (this.next.get(channel) ?? 0) + 1;
    this.next.set(channel, seq);
    return seq;
  }
}

/** Incoming numbering: reports gaps, forgets senders silent for `idleMs`. */
export class SequenceTracker {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly idleMs = 10 * 60_000) {}

  /** Returns the gap this envelope reveals, if any. */
  observe(channel: string, from: string, epoch: number, seq: number, now: number): Gap | undefined {
    const id = `${channel}\u0000${from}`;
    const stream = this.streams.get(id);
    if (!stream || epoch > stream.epoch) {
      // First contact (or the sender restarted): nothing to compare against.
      this.streams.set(id, { epoch, seq, seenAt: now });
      return undefined;
    }
    if (epoch < stream.epoch) return undefined; // a dead predecessor's straggler
    stream.seenAt = now;
    const expected = stream.seq + 1;
    if (seq > stream.seq) stream.seq = seq;
    if (seq > expected) return { channel, from, epoch, missed: seq - expected };
    return undefined;
  }

  /** Drops streams not heard from for `idleMs`, bounding memory. */
  prune(now: number): void {
    for (const [id, stream] of this.streams) if (now - stream.seenAt > this.idleMs) this.streams.delete(id);
  }

  get size(): number {
    return this.streams.size;
  }
}
