import type { Envelope, WireFrame } from '@hallway/protocol';
import type { Codec } from './codec.js';
import { PayloadTooLargeError } from './errors.js';

interface Entry {
  envelope: Envelope;
  resolve: () => void;
  reject: (err: unknown) => void;
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
    return new Promise<void>((resolve, reject) => {
      let entries = this.pending.get(channel);
      if (!entries) {
        entries = [];
        this.pending.set(channel, entries);
      }
      entries.push({ envelope, resolve, reject });
      if (entries.length >= this.maxBatch) {
        this.pending.delete(channel);
        this.sendEntries(channel, entries);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Rejects everything not yet sent (used when the bus goes down or closes). */
  failAll(err: Error): void {
    const pending = this.pending;
    this.pending = new Map();
    for (const entries of pending.values()) for (const e of entries) e.reject(err);
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
        entries[0]!.reject(new PayloadTooLargeError(payload.length, this.codec.maxPayloadBytes));
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
        for (const e of entries) e.resolve();
      },
      (err: unknown) => {
        for (const e of entries) e.reject(err);
      },
    );
  }
}
