/** A logged-in connection and the servers it is bound to. */
export interface Session {
  readonly connId: string;
  readonly userId: string;
  readonly name: string;
  /** The hall serving `hall.*`; null while no hall is alive (requests get SERVER_UNAVAILABLE). */
  hall: string | null;
  /** The last hall it had, for the `gate.rebound` push once a hall is back. */
  previousHall: string | null;
  /** The game server serving `game.*`; null in the lobby. */
  game: string | null;
  roomId: string | null;
}

/**
 * The logged-in connections of this gate, indexed by hall and by game server so that a
 * dead replica's players are found without scanning everyone.
 */
export class SessionTable {
  private readonly byConn = new Map<string, Session>();
  private readonly byHall = new Map<string, Set<string>>();
  private readonly byGame = new Map<string, Set<string>>();

  get size(): number {
    return this.byConn.size;
  }

  add(session: Session): void {
    this.delete(session.connId);
    this.byConn.set(session.connId, session);
    if (session.hall) index(this.byHall, session.hall, session.connId);
    if (session.game) index(this.byGame, session.game, session.connId);
  }

  get(connId: string): Session | undefined {
    return this.byConn.get(connId);
  }

  delete(connId: string): Session | undefined {
    const session = this.byConn.get(connId);
    if (!session) return undefined;
    this.byConn.delete(connId);
    if (session.hall) unindex(this.byHall, session.hall, connId);
    if (session.game) unindex(this.byGame, session.game, connId);
    return session;
  }

  bindHall(connId: string, hall: string | null): Session | undefined {
    const session = this.byConn.get(connId);
    if (!session || session.hall === hall) return session;
    if (session.hall) {
      unindex(this.byHall, session.hall, connId);
      session.previousHall = session.hall;
    }
    session.hall = hall;
    if (hall) index(this.byHall, hall, connId);
    return session;
  }

  bindGame(connId: string, game: string | null, roomId: string | null): Session | undefined {
    const session = this.byConn.get(connId);
    if (!session) return undefined;
    if (session.game !== game) {
      if (session.game) unindex(this.byGame, session.game, connId);
      if (game) index(this.byGame, game, connId);
      session.game = game;
    }
    session.roomId = game ? roomId : null;
    return session;
  }

  /** Sessions bound to this hall (a snapshot: safe to rebind while iterating). */
  onHall(hall: string): Session[] {
    return this.pick(this.byHall.get(hall));
  }

  onGame(game: string): Session[] {
    return this.pick(this.byGame.get(game));
  }

  withoutHall(): Session[] {
    return [...this.byConn.values()].filter((s) => s.hall === null);
  }

  all(): IterableIterator<Session> {
    return this.byConn.values();
  }

  private pick(ids: Set<string> | undefined): Session[] {
    if (!ids) return [];
    const out: Session[] = [];
    for (const id of ids) {
      const s = this.byConn.get(id);
      if (s) out.push(s);
    }
    return out;
  }
}

function index(map: Map<string, Set<string>>, key: string, connId: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(connId);
}

function unindex(map: Map<string, Set<string>>, key: string, connId: string): void {
  const set = map.get(key);
  if (set?.delete(connId) && set.size === 0) map.delete(key);
}
