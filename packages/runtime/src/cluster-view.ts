import { EventEmitter } from 'node:events';
import type { ClusterUpdate, ServerInfo, ServerType } from '@hallway/protocol';
import type { ClusterChange, ClusterView } from './service-runtime.js';

/**
 * The cluster as the observer last described it to this server. Updates older than
 * the current version are ignored (they can arrive out of order: a heartbeat reply and
 * a pushed update race on the bus).
 */
export class LiveClusterView extends EventEmitter<{ change: [ClusterChange]; update: [ClusterUpdate] }> implements ClusterView {
  private current: ClusterUpdate = { version: -1, permissions: {}, servers: [] };
  private byId = new Map<string, ServerInfo>();

  get version(): number {
    return this.current.version;
  }

  servers(type?: ServerType): ServerInfo[] {
    const all = [...this.byId.values()];
    return type ? all.filter((s) => s.type === type) : all;
  }

  has(serverId: string): boolean {
    return this.byId.has(serverId);
  }

  get(serverId: string): ServerInfo | undefined {
    return this.byId.get(serverId);
  }

  /**
   * Takes the load and meta of known servers from an update of the SAME version (the
   * version only moves when membership changes, but every heartbeat reply carries
   * fresh load figures, which room placement needs). Membership is left alone; emits
   * nothing. Returns false for any other version.
   */
  refresh(update: ClusterUpdate): boolean {
    if (update.version !== this.current.version) return false;
    for (const s of update.servers) {
      const known = this.byId.get(s.id);
      if (known && known.epoch === s.epoch) this.byId.set(s.id, s);
    }
    return true;
  }

  /** Applies an update; returns false (and changes nothing) when it is not newer. */
  apply(update: ClusterUpdate): boolean {
    if (update.version <= this.current.version) return false;
    const next = new Map(update.servers.map((s) => [s.id, s]));
    const added: ServerInfo[] = [];
    const removed: ServerInfo[] = [];
    for (const [id, s] of next) {
      const prev = this.byId.get(id);
      // A new epoch under the same id is a different server: the old one is gone.
      if (!prev) added.push(s);
      else if (prev.epoch !== s.epoch) {
        removed.push(prev);
        added.push(s);
      }
    }
    for (const [id, s] of this.byId) if (!next.has(id)) removed.push(s);
    this.current = update;
    this.byId = next;
    this.emit('update', update);
    if (added.length || removed.length) this.emit('change', { added, removed, update });
    return true;
  }
}
