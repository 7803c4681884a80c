import { ClientTimeoutError } from './errors.js';

interface Pending {
  route: string;
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Requests awaiting their reply, each with its own timeout timer. */
export class PendingRequests {
  private readonly byId = new Map<number, Pending>();

  get size(): number {
    return this.byId.size;
  }

  open(id: number, route: string, timeoutMs: number): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.byId.delete(id);
        reject(new ClientTimeoutError(route, timeoutMs));
      }, timeoutMs);
      this.byId.set(id, { route, resolve, reject, timer });
    });
  }

  routeOf(id: number): string | undefined {
    return this.byId.get(id)?.route;
  }

  /** False when nobody waits for this id (timed out, or not ours). */
  resolve(id: number, body: unknown): boolean {
    const p = this.take(id);
    p?.resolve(body);
    return p !== undefined;
  }

  reject(id: number, err: Error): boolean {
    const p = this.take(id);
    p?.reject(err);
    return p !== undefined;
  }

  rejectAll(err: () => Error): void {
    for (const id of [...this.byId.keys()]) this.reject(id, err());
  }

  private take(id: number): Pending | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.byId.delete(id);
    return p;
  }
}
