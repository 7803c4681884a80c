import type { ServerInfo } from '@hallway/protocol';

interface Placed {
  /** The load the observer reported when we started counting. */
  reported: number;
  /** Rooms this hall placed there since. */
  extra: number;
}

/**
 * Chooses game servers for new rooms: least loaded first, ties broken by id. Loads come
 * with the observer's heartbeat replies, so between two reports this hall adds the rooms
 * it placed itself; a burst of quick matches is spread instead of all landing on the
 * server that looked emptiest a second ago. The extra count resets as soon as a new
 * load figure for that server arrives.
 */
export class GamePlacement {
  private readonly placed = new Map<string, Placed>();

  /** Live game servers in the order to try them. */
  order(servers: readonly ServerInfo[]): ServerInfo[] {
    const live = new Set(servers.map((s) => s.id));
    for (const id of this.placed.keys()) if (!live.has(id)) this.placed.delete(id);
    return [...servers].sort((a, b) => this.loadOf(a) - this.loadOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** A room was placed on `server`. */
  record(server: ServerInfo): void {
    const entry = this.placed.get(server.id);
    if (entry && entry.reported === server.load) entry.extra += 1;
    else this.placed.set(server.id, { reported: server.load, extra: 1 });
  }

  loadOf(server: ServerInfo): number {
    const entry = this.placed.get(server.id);
    return server.load + (entry && entry.reported === server.load ? entry.extra : 0);
  }
}
