import { Counter, Gauge, type Registry } from 'prom-client';
import type { RoomResult } from './room.js';

export interface GameMetrics {
  moves: Counter;
  chats: Counter;
  finished: Counter<'result'>;
}

/** The game's Prometheus metrics, registered on the runtime's registry. */
export function createGameMetrics(registry: Registry, rooms: () => number): GameMetrics {
  new Gauge({
    name: 'hallway_game_rooms',
    help: 'Rooms open on this game server.',
    registers: [registry],
    collect() {
      this.set(rooms());
    },
  });
  return {
    moves: new Counter({ name: 'hallway_game_moves_total', help: 'Moves accepted.', registers: [registry] }),
    chats: new Counter({ name: 'hallway_game_chats_total', help: 'Room chat messages sent.', registers: [registry] }),
    finished: new Counter({
      name: 'hallway_game_games_finished_total',
      help: 'Games that ended, by result (win, draw, forfeit).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}

export function countFinished(metrics: GameMetrics, result: RoomResult): void {
  metrics.finished.inc({ result });
}
