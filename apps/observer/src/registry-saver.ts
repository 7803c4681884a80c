import type { ServerInfo } from '@hallway/protocol';
import type { Store } from '@hallway/store';
import type { Logger } from 'pino';

/**
 * Persists the registry with `store.saveRegistry` after every change, one save at a
 * time: changes arriving during a save are coalesced into one more save of the latest
 * state. A failed save is logged and retried with the next change or sweep.
 */
export class RegistrySaver {
  private running: Promise<void> | undefined;
  private dirty = false;
  private failed = false;

  constructor(
    private readonly store: Store,
    private readonly snapshot: () => ServerInfo[],
    private readonly log: Logger,
  ) {}

  /** Schedules a save of the current state. */
  changed(): void {
    this.dirty = true;
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Saves again if the last save failed (called from the sweep, so a Redis blip heals without a change). */
  retryIfFailed(): void {
    if (this.failed && !this.running) this.changed();
  }

  /** Resolves once the latest state is saved (or the last attempt failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const servers = this.snapshot();
      try {
        await this.store.saveRegistry(servers);
        this.failed = false;
      } catch (err) {
        this.failed = true;
        this.log.warn({ err, servers: servers.length }, 'saving the registry failed; a restarted observer would relearn it from heartbeats');
      }
    }
  }
}
