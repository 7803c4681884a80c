import type { Envelope, WireFrame } from '@hallway/protocol';
import type { Codec } from './codec.js';
import { PayloadTooLargeError } from './errors.js';

/** Called once the envelope's PUBLISH has gone out (no argument) or failed (the error). */
export type SentCallback = (err?: unknown) => void;

interface Entry {
  envelope: Envelope;
  done: SentCallback;
}

export type SendRaw = (channel: string, payload: Buffer) => Promise<unknown>;

/**
 * Coalesces envelopes for the same channel within one event-loop turn into one
 * PUBLISH. Under load this turns thousands of small PUBLISHes into a few large ones,
 * which is most of what it takes to beat a one-PUBLISH-per-message relay; when idle a
 * message waits at most one turn (setImmediate).
 */
export class PublishBatcher {
  private pending = new Map<string, Entry[]>();
  private scheduled = false;

  constructor(
    private readonly codec: Codec,
    private readonly maxBatch: number,
    private readonly send: SendRaw,
    private readonly onSent: (envelopes: number) => void,
  ) {}

  enqueue(channel: string, envelope: Envelope): Promise<void> {
    return new Promise<void>((resolve, reject) => this.add(channel, envelope, (err) => (err === undefined ? resolve() : reject(err))));
  }

  /**
   * Like `enqueue`, with a callback instead of a promise: requests and replies (most of
   * the traffic) only need to hear about a failure, and a promise per message costs an
   * allocation and a microtask on the hottest path.
   */
  add(channel: string, envelope: Envelope, done: SentCallback): void {
    let entries = this.pending.get(channel);
    if (!entries) {
      entries = [];
      this.pending.set(channel, entries);
    }
    entries.push({ envelope, done });
    if (entries.length >= this.maxBatch) {
      this.pending.delete(channel);
      this.sendEntries(channel, entries);
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Fails everything not yet sent (used when the bus goes down or closes). */
  failAll(err: Error): void {
    const pending = this.pending;
    this.pending = new Map();
    for (const entries of pending.values()) for (const e of entries) e.done(err);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    for (const [channel, entries] of pending) this.sendEntries(channel, entries);
  };

  private sendEntries(channel: string, entries: Entry[]): void {
    const frame: WireFrame = entries.length === 1 ? entries[0]!.envelope : entries.map((e) => e.envelope);
    const payload = this.codec.encode(frame);
    if (payload.length > this.codec.maxPayloadBytes) {
      if (entries.length === 1) {
        entries[0]!.done(new PayloadTooLargeError(payload.length, this.codec.maxPayloadBytes));
        return;
      }
      // Too big together: send in halves until each fits (or is alone and refused).
      const half = Math.ceil(entries.length / 2);
      this.sendEntries(channel, entries.slice(0, half));
      this.sendEntries(channel, entries.slice(half));
      return;
    }
    this.send(channel, payload).then(
      () => {
        this.onSent(entries.length);
        for (const e of entries) e.done();
      },
      (err: unknown) => {
        // A rejection carries a reason; never let an `undefined` one read as success.
        const reason = err ?? new Error('PUBLISH failed');
        for (const e of entries) e.done(reason);
      },
    );
  }
}
