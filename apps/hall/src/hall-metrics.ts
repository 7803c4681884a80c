import { Counter, Gauge, type Registry } from 'prom-client';

export type LoginKind = 'token' | 'resume' | 'guest';

export interface HallMetrics {
  logins: Counter<'kind'>;
  chats: Counter;
  whispers: Counter;
  matches: Counter;
  rejoins: Counter;
}

/** The hall's Prometheus metrics, registered on the runtime's registry. */
export function createHallMetrics(registry: Registry, sessions: () => number): HallMetrics {
  new Gauge({
    name: 'hallway_hall_sessions',
    help: 'Sessions logged in through this hall and not disconnected.',
    registers: [registry],
    collect() {
      this.set(sessions());
    },
  });
  return {
    logins: new Counter({
      name: 'hallway_hall_logins_total',
      help: 'Logins, by how the user was identified (token, resume, guest).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    chats: new Counter({ name: 'hallway_hall_chats_total', help: 'Lobby chat messages broadcast.', registers: [registry] }),
    whispers: new Counter({ name: 'hallway_hall_whispers_total', help: 'Whispers delivered to a gate.', registers: [registry] }),
    matches: new Counter({ name: 'hallway_hall_matches_total', help: 'Quick matches that paired two players.', registers: [registry] }),
    rejoins: new Counter({ name: 'hallway_hall_rejoins_total', help: 'Logins that put the player back into a running room.', registers: [registry] }),
  };
}
