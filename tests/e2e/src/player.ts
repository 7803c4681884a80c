import { HallwayClient } from '@hallway/client';
import { WebSocket } from 'ws';

export interface Push {
  route: string;
  body: unknown;
  at: number;
}

/**
 * A test player: a real `HallwayClient` over a real WebSocket, recording every push so a
 * test can wait for one.
 */
export class Player {
  readonly pushes: Push[] = [];
  readonly client: HallwayClient;
  userId = '';
  hall = '';
  closed: { code: number; reason: string } | undefined;

  constructor(
    readonly url: string,
    readonly name: string,
    format: 'json' | 'msgpack' = 'json',
  ) {
    this.client = new HallwayClient({ url, format, WebSocket: WebSocket as never, requestTimeoutMs: 10_000 });
    this.client.onPush((route, body) => this.pushes.push({ route, body, at: Date.now() }));
    this.client.onClose(({ code, reason }) => (this.closed = { code, reason }));
  }

  async connect(): Promise<this> {
    await this.client.connect();
    const reply = await this.client.login({ name: this.name });
    this.userId = reply.userId;
    this.hall = reply.hall;
    return this;
  }

  request<T = unknown>(route: string, body?: unknown): Promise<T> {
    return this.client.request<T>(route, body);
  }

  /** Waits for a push on `route` (received after index `since`) matching `match`. */
  async waitForPush<T = unknown>(route: string, match: (body: T) => boolean = () => true, timeoutMs = 5000, since = 0): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.pushes.slice(since).find((p) => p.route === route && match(p.body as T));
      if (found) return found.body as T;
      if (Date.now() > deadline) {
        const seen = this.pushes.map((p) => p.route).join(', ');
        throw new Error(`${this.name}: no "${route}" push within ${timeoutMs} ms (saw: ${seen || 'nothing'})`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    void this.client.close();
  }
}
