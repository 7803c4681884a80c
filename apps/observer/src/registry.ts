import type { ServerInfo } from '@hallway/protocol';

export interface RegistryEntry {
  info: ServerInfo;
  /** ms since epoch of the last heartbeat (or of loading, after an observer restart). */
  lastSeen: number;
}

export type HeartbeatOutcome =
  /** `change`: the server is new, or came back with a new epoch (its predecessor is gone). */
  | { status: 'ok'; change: 'joined' | 'replaced' | undefined; previous?: ServerInfo }
  /** A newer epoch holds this id: the sender is a stale predecessor. */
  | { status: 'fenced'; currentEpoch: number };

/**
 * The observer's registry: the live servers by id with their info and when they were
 * last heard from, and the version of the membership.
 *
 * `version` moves on every membership change (join, new epoch, leave, death) and is a
 * hybrid clock, `max(version + 1, Date.now())`: versions are not persisted, and this
 * way a restarted observer still speaks in versions larger than its predecessor's, so
 * servers (which ignore older updates) accept its views.
 *
 * Fencing: the highest epoch seen per id is remembered even after the server is
 * removed, so a stale predecessor cannot re-register after its successor died either.
 */
export class Registry {
  private readonly entries = new Map<string, RegistryEntry>();
  private readonly highestEpoch = new Map<string, number>();
  private currentVersion: number;

  constructor(private readonly clock: () => number = Date.now) {
    this.currentVersion = clock();
  }

  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.entries.size;
  }

  servers(): ServerInfo[] {
    return [...this.entries.values()].map((e) => e.info).sort((a, b) => a.id.localeCompare(b.id));
  }

  list(): RegistryEntry[] {
    return [...this.entries.values()].sort((a, b) => a.info.id.localeCompare(b.info.id));
  }

  get(id: string): RegistryEntry | undefined {
    return this.entries.get(id);
  }

  /** Takes servers persisted by a previous observer, as if just heard from (they fall out after DEAD_AFTER_MS if dead). */
  load(servers: readonly ServerInfo[]): void {
    const now = this.clock();
    for (const info of servers) {
      const known = this.entries.get(info.id);
      if (known && known.info.epoch >= info.epoch) continue;
      this.entries.set(info.id, { info, lastSeen: now });
      this.noteEpoch(info.id, info.epoch);
    }
    if (servers.length > 0) this.bump();
  }

  /** Registers or refreshes a server. */
  heartbeat(info: ServerInfo): HeartbeatOutcome {
    const now = this.clock();
    const highest = this.highestEpoch.get(info.id);
    if (highest !== undefined && info.epoch < highest) return { status: 'fenced', currentEpoch: highest };
    const known = this.entries.get(info.id);
    this.entries.set(info.id, { info, lastSeen: now });
    this.noteEpoch(info.id, info.epoch);
    if (known && known.info.epoch === info.epoch) return { status: 'ok', change: undefined };
    this.bump();
    return known ? { status: 'ok', change: 'replaced', previous: known.info } : { status: 'ok', change: 'joined' };
  }

  /** Removes a server leaving on purpose; only the current epoch may remove itself. */
  leave(id: string, epoch: number): ServerInfo | undefined {
    const known = this.entries.get(id);
    if (!known || known.info.epoch !== epoch) return undefined;
    this.entries.delete(id);
    this.bump();
    return known.info;
  }

  /** Removes every server not heard from for `deadAfterMs`; returns them. */
  sweep(deadAfterMs: number): ServerInfo[] {
    const cutoff = this.clock() - deadAfterMs;
    const dead: ServerInfo[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.lastSeen < cutoff) {
        this.entries.delete(id);
        dead.push(entry.info);
      }
    }
    if (dead.length > 0) this.bump();
    return dead;
  }

  private noteEpoch(id: string, epoch: number): void {
    if (epoch > (this.highestEpoch.get(id) ?? -1)) this.highestEpoch.set(id, epoch);
  }

  private bump(): void {
    this.currentVersion = Math.max(this.currentVersion + 1, this.clock());
  }
}
