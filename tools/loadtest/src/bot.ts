import { errorCodeOf, type BotConnection } from './bot-connection.js';
import type { RouteStats } from './route-stats.js';

export type Scenario = 'echo' | 'chat' | 'game' | 'idle';

/** Chat text the bots send: `lt:<bot>:<sent at, performance.now() of this process>`. */
const CHAT_PREFIX = 'lt:';

export interface BotShared {
  stats: RouteStats;
  /** Body of every hall.echo. */
  echoBody: unknown;
  /** Closed loop: pause between a reply and the next request (0 = none). */
  thinkMs: number;
  /** How long a chatting bot waits for its own message to come back before sending the next. */
  chatDeliveryTimeoutMs: number;
  /** A game bot that hears nothing for this long leaves and queues again. */
  gameStallMs: number;
  /** Rooms seen finished, counted once per room (both players see it). */
  finishedRooms: Set<string>;
}

interface GameStateLike {
  roomId: string;
  board: (string | null)[];
  turn: string | null;
  status: 'waiting' | 'playing' | 'finished';
  moves: number;
}

/**
 * One load bot: a connection, a scenario, and the loop that drives it. `running` turns
 * false at the end of the run: loops stop starting new work, and a game in progress is
 * played to its end (the runner bounds how long it waits for that).
 */
export class Bot {
  userId = '';
  running = false;
  /** In-flight requests, so the runner can wait for them at the end. */
  inFlight = 0;
  private chatWaiter: (() => void) | undefined;
  // game state
  private room: string | undefined;
  private lastMovedAt = -1;
  private leaving = false;
  private queued = false;
  lastGameEventAt = 0;

  constructor(
    readonly index: number,
    readonly scenario: Scenario,
    readonly conn: BotConnection,
    private readonly shared: BotShared,
  ) {
    conn.onPush((route, body) => this.onPush(route, body));
  }

  async login(): Promise<void> {
    const { userId } = await this.conn.login(`bot-${this.index}`);
    this.userId = userId;
  }

  get isIdleInLobby(): boolean {
    return this.room === undefined && !this.queued && !this.leaving;
  }

  /** A game bot that is neither playing nor queued (and not mid-request). */
  get gameSettled(): boolean {
    return this.room === undefined && this.inFlight === 0;
  }

  /** Sends one request and records it; never throws. `sentAt` is the intended send time (open loop). */
  async call(route: string, body: unknown, sentAt = performance.now(), benign?: string): Promise<unknown> {
    this.inFlight += 1;
    try {
      const reply = await this.conn.request(route, body);
      this.shared.stats.ok(route, performance.now() - sentAt);
      return reply;
    } catch (err) {
      const code = errorCodeOf(err);
      // An answer that only says the state already is what we asked for (e.g. leaving a room we were taken out of).
      if (code === benign) {
        this.shared.stats.ok(route, performance.now() - sentAt);
        return { benign: code };
      }
      this.shared.stats.error(route, code);
      return undefined;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** One request of this bot's scenario (open loop: the runner calls this at the fixed rate). */
  fire(sentAt: number): void {
    if (this.scenario === 'echo') void this.call('hall.echo', this.shared.echoBody, sentAt);
    else if (this.scenario === 'chat') void this.call('hall.chat', { text: this.chatText() }, sentAt);
  }

  /** Closed loop: the next request goes out when the previous one is answered. */
  async runClosedLoop(): Promise<void> {
    switch (this.scenario) {
      case 'echo':
        while (this.running) {
          await this.call('hall.echo', this.shared.echoBody);
          if (this.shared.thinkMs > 0) await sleep(this.shared.thinkMs);
        }
        return;
      case 'chat':
        while (this.running) {
          const delivered = new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), this.shared.chatDeliveryTimeoutMs);
            this.chatWaiter = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          await this.call('hall.chat', { text: this.chatText() });
          // Wait for our own message to come back: the fan-out has then reached (at least) us.
          if (!(await delivered)) this.shared.stats.error('hall.chat.delivery', 'NOT_DELIVERED');
          this.chatWaiter = undefined;
          if (this.shared.thinkMs > 0) await sleep(this.shared.thinkMs);
        }
        return;
      case 'game':
        this.lastGameEventAt = performance.now();
        await this.queue();
        return;
      case 'idle':
        return;
      default: {
        const never: never = this.scenario;
        return never;
      }
    }
  }

  /** Called by the runner's watchdog: a game bot stuck (a vanished opponent, a lost push) starts over. */
  async unstick(now: number): Promise<void> {
    if (this.scenario !== 'game' || now - this.lastGameEventAt < this.shared.gameStallMs) return;
    this.lastGameEventAt = now;
    this.shared.stats.error('game.stall', 'STALLED');
    if (this.room) await this.leave();
    else if (this.running) await this.queue();
  }

  private chatText(): string {
    return `${CHAT_PREFIX}${this.index}:${performance.now().toFixed(3)}`;
  }

  private onPush(route: string, body: unknown): void {
    const b = body as Record<string, unknown> | undefined;
    if (route === 'hall.chat') {
      const text = typeof b?.text === 'string' ? b.text : '';
      if (text.startsWith(CHAT_PREFIX)) {
        const [from, sent] = text.slice(CHAT_PREFIX.length).split(':');
        this.shared.stats.push(route, performance.now() - Number(sent));
        if (Number(from) === this.index) this.chatWaiter?.();
        return;
      }
    }
    this.shared.stats.push(route);
    if (this.scenario !== 'game') return;
    this.lastGameEventAt = performance.now();
    if (route === 'hall.matched') {
      const room = (b?.room as { roomId?: string } | undefined)?.roomId;
      if (room) {
        this.room = room;
        this.queued = false;
        this.lastMovedAt = -1;
      }
    } else if (route === 'game.state') {
      this.onState(body as GameStateLike);
    } else if (route === 'game.left') {
      if (b?.roomId !== this.room) return; // a late push about a room we already left
      this.room = undefined;
      // While our own game.leave is in flight, its reply re-queues: the game server clears
      // the player's room in the store only after pushing game.left, so queueing on the
      // push alone can meet ALREADY_IN_ROOM.
      if (!this.leaving && this.running) void this.queue();
    }
  }

  private onState(state: GameStateLike): void {
    if (!state || state.roomId !== this.room) return;
    if (state.status === 'finished') {
      if (this.shared.stats.isMeasuring) this.shared.finishedRooms.add(state.roomId);
      void this.leave();
      return;
    }
    // The reply to our move and the push of the same state both arrive: act once per position.
    if (state.status !== 'playing' || state.turn !== this.userId || state.moves <= this.lastMovedAt) return;
    this.lastMovedAt = state.moves;
    const free = state.board.flatMap((cell, i) => (cell === null ? [i] : []));
    const cell = free[Math.floor(Math.random() * free.length)];
    if (cell === undefined) return;
    void this.call('game.move', { cell }).then((reply) => {
      if (reply) this.onState(reply as GameStateLike);
    });
  }

  private async leave(): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    // NOT_BOUND: the gate unbound us first (the room closed, or game.left raced our leave).
    const reply = await this.call('game.leave', {}, performance.now(), 'NOT_BOUND');
    this.leaving = false;
    if (reply && (reply as { benign?: string }).benign) this.room = undefined;
    // Back in the queue once both the reply and the game.left push (the gate unbound us)
    // are in; a refused leave is retried by the watchdog.
    if (reply !== undefined && this.room === undefined && this.running) await this.queue();
  }

  private async queue(): Promise<void> {
    if (!this.running || this.queued || this.room !== undefined) return;
    this.queued = true;
    const reply = (await this.call('hall.quickMatch', {})) as { status?: string } | undefined;
    if (!reply) this.queued = false; // refused: the watchdog tries again later
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
