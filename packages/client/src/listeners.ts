/**
 * A minimal typed event registry (no `node:events`: the client runs in browsers too).
 * A throwing handler never disturbs the client or the other handlers: the error goes
 * to `onHandlerError`.
 */
export class Listeners<Args extends unknown[]> {
  private readonly byName = new Map<string, Set<(...args: Args) => void>>();

  constructor(private readonly onHandlerError: (err: unknown, name: string) => void) {}

  add(name: string, handler: (...args: Args) => void): void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(handler);
  }

  remove(name: string, handler: (...args: Args) => void): void {
    const set = this.byName.get(name);
    if (set?.delete(handler) && set.size === 0) this.byName.delete(name);
  }

  count(name: string): number {
    return this.byName.get(name)?.size ?? 0;
  }

  emit(name: string, ...args: Args): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(...args);
      } catch (err) {
        this.onHandlerError(err, name);
      }
    }
  }
}
