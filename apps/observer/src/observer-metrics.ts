import { SERVER_TYPES, type ServerType } from '@hallway/protocol';
import { Counter, Gauge, type Registry } from 'prom-client';

export type RemovalReason = 'dead' | 'left' | 'replaced';

export interface ObserverMetrics {
  heartbeats: Counter;
  fenced: Counter;
  removals: Counter<'reason'>;
  invalid: Counter;
  pushFailures: Counter;
}

/** The observer's figures, in the runtime's registry (so they carry `server_id` and share /metrics). */
export function createObserverMetrics(registry: Registry, source: { countByType(): Map<ServerType, number>; version(): number }): ObserverMetrics {
  const registers = [registry];
  new Gauge({
    name: 'hallway_observer_servers',
    help: 'Live servers in the registry, by type.',
    labelNames: ['type'],
    registers,
    collect() {
      const counts = source.countByType();
      for (const type of SERVER_TYPES) if (type !== 'observer') this.set({ type }, counts.get(type) ?? 0);
    },
  });
  new Gauge({
    name: 'hallway_observer_registry_version',
    help: 'The registry version (moves on every membership change).',
    registers,
    collect() {
      this.set(source.version());
    },
  });
  return {
    heartbeats: new Counter({ name: 'hallway_observer_heartbeats_total', help: 'Heartbeats answered ok.', registers }),
    fenced: new Counter({ name: 'hallway_observer_fenced_total', help: 'Heartbeats answered fenced (stale epoch).', registers }),
    removals: new Counter({
      name: 'hallway_observer_removals_total',
      help: 'Servers removed from the registry: dead (missed heartbeats), left (on purpose), replaced (a new epoch under the same id).',
      labelNames: ['reason'],
      registers,
    }),
    invalid: new Counter({ name: 'hallway_observer_invalid_messages_total', help: 'Heartbeats or leaves that failed validation.', registers }),
    pushFailures: new Counter({ name: 'hallway_observer_push_failures_total', help: 'cluster.update pushes that could not be published.', registers }),
  };
}
