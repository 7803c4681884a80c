import type { RoomInfo } from '@hallway/protocol';
import type { Store } from '@hallway/store';
import type { Logger } from 'pino';

interface Chain {
  tail: Promise<void>;
  /** A write that has not started yet: it will read the state as it is then. */
  queued: Promise<void> | undefined;
}

/**
 * Mirrors rooms into the store for the halls' room list. Writes of one room run one at
 * a time and each writes the room as it is when the write starts, so the store ends up
 * with the latest state however handlers and timers interleave; a room that is gone is
 * deleted. Unchanged rooms are not written again. Store failures are logged, never
 * thrown: the game goes on without the listing.
 */
export class RoomMirror {
  private readonly chains = new Map<string, Chain>();
  private readonly written = new Map<string, string>();

  constructor(
    private readonly store: Store,
    /** The room as it is now, or undefined once it is closed. */
    private readonly snapshot: (roomId: string) => RoomInfo | undefined,
    private readonly log: Logger,
  ) {}

  /** Resolves once the store holds the room as it is now (or newer), or its deletion. */
  sync(roomId: string): Promise<void> {
    let chain = this.chains.get(roomId);
    if (chain?.queued) return chain.queued;
    if (!chain) {
      chain = { tail: Promise.resolve(), queued: undefined };
      this.chains.set(roomId, chain);
    }
    const c = chain;
    const next = c.tail.then(async () => {
      c.queued = undefined;
      await this.write(roomId);
    });
    c.queued = next;
    c.tail = next;
    void next.then(() => {
      if (c.tail === next && this.chains.get(roomId) === c) this.chains.delete(roomId);
    });
    return next;
  }

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()].map((c) => c.tail));
  }

  private async write(roomId: string): Promise<void> {
    const info = this.snapshot(roomId);
    try {
      if (!info) {
        this.written.delete(roomId);
        await this.store.deleteRoom(roomId);
        return;
      }
      const json = JSON.stringify(info);
      if (this.written.get(roomId) === json) return;
      await this.store.putRoom(info);
      this.written.set(roomId, json);
    } catch (err) {
      this.written.delete(roomId);
      this.log.error({ err, roomId }, 'room not mirrored to the store');
    }
  }
}
