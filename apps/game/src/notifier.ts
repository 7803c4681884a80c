import type { Bus } from '@hallway/mq';
import { InternalRoute, type GateBind, type GatePush } from '@hallway/protocol';
import type { Logger } from 'pino';

/** Where a player's connection is. */
export interface Reachable {
  userId: string;
  gate: string;
  connId: string;
}

export interface PushFrame {
  route: string;
  body: unknown;
}

/**
 * Sends pushes and bindings to the players' gates. Never throws: a gate that is gone
 * (not in the permission list any more) or a bus that is down loses the push, which is
 * logged; the player resyncs with `game.state` or by rejoining.
 *
 * Everything about one room is published with `key = roomId`, in call order, so a
 * gate that dispatches by key sees a room's bindings and pushes in order.
 */
export class Notifier {
  constructor(
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  /** One `gate.push` per gate, addressed to all of that gate's connections among `to`. */
  async push(to: readonly Reachable[], frame: PushFrame, key: string): Promise<void> {
    const byGate = new Map<string, string[]>();
    for (const p of to) {
      const connIds = byGate.get(p.gate);
      if (connIds) connIds.push(p.connId);
      else byGate.set(p.gate, [p.connId]);
    }
    await Promise.all(
      [...byGate].map(([gate, connIds]) => {
        const body: GatePush = { connIds, route: frame.route, body: frame.body };
        return this.send(gate, InternalRoute.gatePush, body, key);
      }),
    );
  }

  /** Binds the connection to `game`/`roomId` (null: back to the lobby), then delivers `push`. */
  async bind(to: Reachable, game: string | null, roomId: string | null, push: PushFrame | undefined, key: string): Promise<void> {
    const body: GateBind = { connId: to.connId, userId: to.userId, game, roomId, ...(push ? { push } : {}) };
    await this.send(to.gate, InternalRoute.gateBind, body, key);
  }

  private async send(gate: string, route: string, body: unknown, key: string): Promise<void> {
    try {
      await this.bus.publish(gate, route, body, { key });
    } catch (err) {
      this.log.warn({ err, gate, route }, 'push not delivered');
    }
  }
}
