/**
 * The game's timers: a rejoin grace period per disconnected player and a closing
 * deadline per finished room. Unref'd (they never keep the process alive) and all
 * cleared by `clear()` on shutdown.
 */
export class RoomTimers {
  private readonly grace = new Map<string, NodeJS.Timeout>();
  private readonly closing = new Map<string, NodeJS.Timeout>();

  /** (Re)starts the grace period of `userId` in `roomId`. */
  startGrace(roomId: string, userId: string, ms: number, onExpiry: () => void): void {
    const key = graceKey(roomId, userId);
    clearTimeout(this.grace.get(key));
    const timer = setTimeout(() => {
      this.grace.delete(key);
      onExpiry();
    }, ms);
    timer.unref();
    this.grace.set(key, timer);
  }

  /** True when a grace period was running. */
  cancelGrace(roomId: string, userId: string): boolean {
    const key = graceKey(roomId, userId);
    const timer = this.grace.get(key);
    if (!timer) return false;
    clearTimeout(timer);
    this.grace.delete(key);
    return true;
  }

  hasGrace(roomId: string, userId: string): boolean {
    return this.grace.has(graceKey(roomId, userId));
  }

  /** Starts the closing deadline of a room once; false when it was already running. */
  startClosing(roomId: string, ms: number, onExpiry: () => void): boolean {
    if (this.closing.has(roomId)) return false;
    const timer = setTimeout(() => {
      this.closing.delete(roomId);
      onExpiry();
    }, ms);
    timer.unref();
    this.closing.set(roomId, timer);
    return true;
  }

  /** Clears every timer of a room (it is closing). */
  cancelRoom(roomId: string): void {
    clearTimeout(this.closing.get(roomId));
    this.closing.delete(roomId);
    const prefix = graceKey(roomId, '');
    for (const [key, timer] of this.grace) {
      if (!key.startsWith(prefix)) continue;
      clearTimeout(timer);
      this.grace.delete(key);
    }
  }

  get size(): number {
    return this.grace.size + this.closing.size;
  }

  clear(): void {
    for (const timer of [...this.grace.values(), ...this.closing.values()]) clearTimeout(timer);
    this.grace.clear();
    this.closing.clear();
  }
}

// Room ids never contain '\n', so the pair cannot collide.
function graceKey(roomId: string, userId: string): string {
  return `${roomId}\n${userId}`;
}
