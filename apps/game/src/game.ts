import { busRouteForClient, InternalRoute } from '@hallway/protocol';
import type { ServiceRuntime } from '@hallway/runtime';
import { guarded } from './errors.js';
import { DEFAULT_GAME_OPTIONS, GameContext, type GameOptions } from './game-context.js';
import { chat, CHAT_ROUTE } from './handlers/chat.js';
import { createRoom } from './handlers/create-room.js';
import { joinRoom } from './handlers/join-room.js';
import { leave, LEAVE_ROUTE } from './handlers/leave.js';
import { move, MOVE_ROUTE } from './handlers/move.js';
import { playerDisconnected } from './handlers/player-disconnected.js';
import { rejoin } from './handlers/rejoin.js';
import { state, STATE_ROUTE } from './handlers/state.js';

export interface CreateGameOptions {
  runtime: ServiceRuntime;
  config?: Partial<GameOptions>;
}

export interface Game {
  /** Registers the bus handlers and clears rooms a crashed predecessor left in the store. */
  start(): Promise<void>;
  /** Sends every player back to the lobby (`server_down`) and deletes the rooms. Idempotent. */
  close(): Promise<void>;
  readonly context: GameContext;
}

/** The game server: authoritative tic-tac-toe rooms on the bus. */
export function createGame({ runtime, config }: CreateGameOptions): Game {
  const options: GameOptions = { ...DEFAULT_GAME_OPTIONS, ...definedOnly(config ?? {}) };
  const ctx = new GameContext(runtime, options);
  let started = false;
  return {
    context: ctx,
    async start() {
      if (started) return;
      started = true;
      const { bus } = runtime;
      bus.handle(InternalRoute.gameCreateRoom, guarded((body) => createRoom(ctx, body)));
      bus.handle(InternalRoute.gameJoinRoom, guarded((body) => joinRoom(ctx, body)));
      bus.handle(InternalRoute.gameRejoin, guarded((body) => rejoin(ctx, body)));
      bus.handle(InternalRoute.gamePlayerDisconnected, guarded((body) => playerDisconnected(ctx, body)));
      bus.handle(busRouteForClient(MOVE_ROUTE), guarded((body) => move(ctx, body)));
      bus.handle(busRouteForClient(CHAT_ROUTE), guarded((body) => chat(ctx, body)));
      bus.handle(busRouteForClient(STATE_ROUTE), guarded((body) => state(ctx, body)));
      bus.handle(busRouteForClient(LEAVE_ROUTE), guarded((body) => leave(ctx, body)));
      runtime.onShutdown(() => ctx.shutdown());
      runtime.setLoad(ctx.registry.size);
      await removeStaleRooms(ctx);
      ctx.log.info({ options }, 'game server started');
    },
    close: () => ctx.shutdown(),
  };
}

/**
 * Rooms in the store under this server id that this process does not run belong to a
 * predecessor that died (the id is leased, so no live server shares it): delete them
 * so halls stop listing them. Their players' rejoin then fails and halls clear it.
 */
async function removeStaleRooms(ctx: GameContext): Promise<void> {
  try {
    const stale = (await ctx.runtime.store.listRooms()).filter((r) => r.game === ctx.serverId && !ctx.registry.get(r.roomId));
    await Promise.all(stale.map((r) => ctx.runtime.store.deleteRoom(r.roomId)));
    if (stale.length) ctx.log.info({ rooms: stale.length }, 'removed rooms left by a predecessor');
  } catch (err) {
    ctx.log.warn({ err }, 'could not clear rooms left by a predecessor');
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
