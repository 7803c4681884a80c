import { busRouteForClient, InternalRoute } from '@hallway/protocol';
import type { ClusterChange, ServiceRuntime } from '@hallway/runtime';
import { guarded } from './errors.js';
import { DEFAULT_HALL_OPTIONS, HallContext, type HallOptions } from './hall-context.js';
import { cancelMatch, CANCEL_MATCH_ROUTE } from './handlers/cancel-match.js';
import { chat, CHAT_ROUTE } from './handlers/chat.js';
import { createRoom, CREATE_ROOM_ROUTE } from './handlers/create-room.js';
import { disconnected } from './handlers/disconnected.js';
import { echo, ECHO_ROUTE } from './handlers/echo.js';
import { gateRemoved } from './handlers/gate-removed.js';
import { joinRoom, JOIN_ROOM_ROUTE } from './handlers/join-room.js';
import { login } from './handlers/login.js';
import { quickMatch, QUICK_MATCH_ROUTE } from './handlers/quick-match.js';
import { rooms, ROOMS_ROUTE } from './handlers/rooms.js';
import { whisper, WHISPER_ROUTE } from './handlers/whisper.js';

export interface CreateHallOptions {
  runtime: ServiceRuntime;
  config?: Partial<HallOptions>;
}

export interface Hall {
  /** Registers the bus handlers. */
  start(): Promise<void>;
  /** Nothing to hand over (all state is in the store); kept for symmetry. Idempotent. */
  close(): Promise<void>;
  readonly context: HallContext;
}

/** The lobby: login and presence, chat, whispers, rooms, quick match, placement. */
export function createHall({ runtime, config }: CreateHallOptions): Hall {
  const options: HallOptions = { ...DEFAULT_HALL_OPTIONS, ...definedOnly(config ?? {}) };
  const ctx = new HallContext(runtime, options);
  let started = false;
  const onChange = (change: ClusterChange): void => void gateRemoved(ctx, change);
  return {
    context: ctx,
    async start() {
      if (started) return;
      started = true;
      const { bus } = runtime;
      bus.handle(InternalRoute.hallLogin, guarded((body) => login(ctx, body)));
      bus.handle(InternalRoute.hallDisconnected, guarded((body) => disconnected(ctx, body)));
      bus.handle(busRouteForClient(ECHO_ROUTE), guarded((body) => echo(body)));
      bus.handle(busRouteForClient(CHAT_ROUTE), guarded((body) => chat(ctx, body)));
      bus.handle(busRouteForClient(WHISPER_ROUTE), guarded((body) => whisper(ctx, body)));
      bus.handle(busRouteForClient(ROOMS_ROUTE), guarded((body) => rooms(ctx, body)));
      bus.handle(busRouteForClient(CREATE_ROOM_ROUTE), guarded((body) => createRoom(ctx, body)));
      bus.handle(busRouteForClient(JOIN_ROOM_ROUTE), guarded((body) => joinRoom(ctx, body)));
      bus.handle(busRouteForClient(QUICK_MATCH_ROUTE), guarded((body) => quickMatch(ctx, body)));
      bus.handle(busRouteForClient(CANCEL_MATCH_ROUTE), guarded((body) => cancelMatch(ctx, body)));
      runtime.cluster.on('change', onChange);
      runtime.onShutdown(() => void runtime.cluster.off('change', onChange));
      runtime.setLoad(0);
      ctx.log.info({ options }, 'hall started');
    },
    /** Stops reacting to cluster changes; all other state is in the store. Idempotent. */
    async close() {
      runtime.cluster.off('change', onChange);
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
