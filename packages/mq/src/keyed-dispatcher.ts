/**
 * Runs message handlers without ever blocking the subscriber loop.
 *
 * - Tasks with the same key (a player, a room) run one at a time, in arrival order.
 * - Tasks with different keys, and tasks without a key, run concurrently.
 * - A slow or throwing task delays only later tasks of its own key.
 *
 * Overflow policy: the dispatcher holds at most `maxQueued` tasks (running + waiting)
 * and at most `maxQueuePerKey` per key. Past either bound `push` refuses the new task
 * (drop-newest) and returns false; the bus counts it as dropped and answers a request
 * with `OVERLOADED`, so the sender learns at once instead of timing out.
 */
export interface KeyedDispatcherOptions {
  /** @default 10000 */
  maxQueued: number;
  /** @default 1000 */
  maxQueuePerKey: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: KeyedDispatcherOptions = { maxQueued: 10_000, maxQueuePerKey: 1_000 };

export type Task = () => unknown;

interface KeyQueue {
  waiting: Task[];
}

export class KeyedDispatcher {
  private readonly queues = new Map<string, KeyQueue>();
  private count = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly options: KeyedDispatcherOptions,
    private readonly onTaskError: (err: unknown) => void,
  ) {}

  /** Tasks running or waiting. */
  get size(): number {
    return this.count;
  }

  push(key: string | undefined, task: Task): boolean {
    if (this.count >= this.options.maxQueued) return false;
    if (key === undefined) {
      this.count += 1;
      this.run(task, undefined);
      return true;
    }
    const queue = this.queues.get(key);
    if (queue) {
      if (queue.waiting.length >= this.options.maxQueuePerKey) return false;
      this.count += 1;
      queue.waiting.push(task);
      return true;
    }
    this.count += 1;
    this.queues.set(key, { waiting: [] });
    this.run(task, key);
    return true;
  }

  /** Resolves when nothing is running or waiting (or after `timeoutMs`). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private run(task: Task, key: string | undefined): void {
    // Start on a microtask: the caller (the subscriber loop) returns at once, and a
    // handler's synchronous part never runs inside the decode loop of a batch.
    Promise.resolve()
      .then(task)
      .catch(this.onTaskError)
      .finally(() => this.settle(key));
  }

  private settle(key: string | undefined): void {
    this.count -= 1;
    if (key !== undefined) {
      const queue = this.queues.get(key);
      const next = queue?.waiting.shift();
      if (next) this.run(next, key);
      else this.queues.delete(key);
    }
    if (this.count === 0 && this.idleWaiters.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
