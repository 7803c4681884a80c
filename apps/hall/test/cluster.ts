import { createGame, type Game, type GameOptions } from '@hallway/game';
import type { Bus, PermissionList } from '@hallway/mq';
import type { ServerInfo } from '@hallway/protocol';
import { createManualRuntime, type ManualRuntime } from '@hallway/runtime';
import type { Store } from '@hallway/store';
import type { HallOptions } from '../src/hall-context.js';
import { createHall, type Hall } from '../src/hall.js';
import { FakeGate } from '@hallway/runtime/testing';

export interface ClusterOptions {
  store: Store;
  /** A started-or-not bus for a server id with its initial permissions. */
  bus: (serverId: string, permissions: PermissionList) => Bus;
  /** Game servers and their reported loads. @default [0] (game001 only) */
  gameLoads?: number[];
  hall?: Partial<HallOptions>;
  game?: Partial<GameOptions>;
}

export interface TestCluster {
  store: Store;
  gate: FakeGate;
  hall: Hall;
  hallRuntime: ManualRuntime;
  games: { id: string; game: Game; runtime: ManualRuntime }[];
  /** Tells the hall which game servers are live (as the observer would). */
  setLiveGames(ids: string[]): void;
  close(): Promise<void>;
}

function server(id: string, type: ServerInfo['type'], load = 0): ServerInfo {
  return { id, type, epoch: 1, load, meta: {} };
}

/**
 * A hall (hall001), game servers (game001…) and a fake gate (gate001) on one bus and
 * store, with the cluster views the observer would push (permission table: gate →
 * hall, game; hall → gate, game; game → gate, hall).
 */
export async function startCluster(options: ClusterOptions): Promise<TestCluster> {
  const { store } = options;
  const gameIds = (options.gameLoads ?? [0]).map((_, i) => `game${String(i + 1).padStart(3, '0')}`);
  const gameInfos = (options.gameLoads ?? [0]).map((load, i) => server(gameIds[i] ?? 'game001', 'game', load));
  const closers: (() => Promise<void>)[] = [];

  const gate = new FakeGate('gate001', { bus: options.bus('gate001', { hall: ['hall001'], game: gameIds, observer: ['observer'] }) });
  await gate.start();
  closers.push(() => gate.close());

  const hallBus = options.bus('hall001', {});
  await hallBus.start();
  const hallRuntime = createManualRuntime({ type: 'hall', bus: hallBus, store });
  closers.push(() => hallRuntime.shutdown('test over'));
  let version = 1;
  const setLiveGames = (ids: string[]): void => {
    version += 1;
    hallRuntime.applyCluster({
      version,
      permissions: { gate: ['gate001'], game: ids, observer: ['observer'] },
      servers: [server('gate001', 'gate'), ...gameInfos.filter((g) => ids.includes(g.id))],
    });
  };
  setLiveGames(gameIds);
  const hall = createHall({ runtime: hallRuntime, config: options.hall ?? {} });
  await hall.start();

  const games: TestCluster['games'] = [];
  for (const id of gameIds) {
    const bus = options.bus(id, {});
    await bus.start();
    const runtime = createManualRuntime({ type: 'game', bus, store });
    closers.push(() => runtime.shutdown('test over'));
    runtime.applyCluster({
      version: 1,
      permissions: { gate: ['gate001'], hall: ['hall001'], observer: ['observer'] },
      servers: [server('gate001', 'gate'), server('hall001', 'hall')],
    });
    const game = createGame({ runtime, config: options.game ?? {} });
    await game.start();
    games.push({ id, game, runtime });
  }

  return {
    store,
    gate,
    hall,
    hallRuntime,
    games,
    setLiveGames,
    async close() {
      for (const close of closers.reverse()) await close();
      await store.close();
    },
  };
}
