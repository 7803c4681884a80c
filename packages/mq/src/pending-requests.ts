import { RequestTimeoutError, TooManyPendingRequestsError } from './errors.js';

interface Pending {
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Requests awaiting replies, by correlation id. Each entry owns exactly one timer and
 * no listeners; settling or timing out removes both, so thousands of timed-out
 * requests leave nothing behind.
 */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();
  private nextCid = 0;

  constructor(private readonly maxPending: number) {}

  get size(): number {
    return this.pending.size;
  }

  /** Registers a request and returns its cid and the promise of its reply. */
  open(target: string, route: string, timeoutMs: number): { cid: number; reply: Promise<unknown> } {
    if (this.pending.size >= this.maxPending) throw new TooManyPendingRequestsError(this.maxPending);
    const cid = this.nextCid;
    this.nextCid = (this.nextCid + 1) % Number.MAX_SAFE_INTEGER;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cid);
        reject(new RequestTimeoutError(target, route, timeoutMs));
      }, timeoutMs);
      // A pending request alone must not keep a process alive.
      timer.unref();
      this.pending.set(cid, { resolve, reject, timer });
    });
    return { cid, reply };
  }

  resolve(cid: number, body: unknown): boolean {
    const entry = this.take(cid);
    entry?.resolve(body);
    return entry !== undefined;
  }

  reject(cid: number, err: Error): boolean {
    const entry = this.take(cid);
    entry?.reject(err);
    return entry !== undefined;
  }

  rejectAll(makeError: () => Error): void {
    for (const cid of [...this.pending.keys()]) this.reject(cid, makeError());
  }

  private take(cid: number): Pending | undefined {
    const entry = this.pending.get(cid);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.pending.delete(cid);
    return entry;
  }
}
