import type { Bus, DroppedEvent } from '@hallway/mq';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

const DROP_REASONS: DroppedEvent['reason'][] = ['oversize', 'malformed', 'invalid', 'overflow', 'no_handler', 'stale_reply'];

export interface RuntimeMetricsSource {
  bus: Bus;
  serverId: string;
  load(): number;
  registered(): boolean;
  ready(): boolean;
}

export interface RuntimeMetrics {
  registry: Registry;
  heartbeatFailures: Counter;
  heartbeats: Counter;
}

/**
 * The runtime's Prometheus registry: Node's default metrics plus the bus and
 * heartbeat figures, every series labelled `server_id`. Bus figures are read from
 * `bus.stats()` when scraped, so nothing runs between scrapes. Apps add their own
 * metrics to the same registry (`runtime.metrics`).
 */
export function createRuntimeMetrics(source: RuntimeMetricsSource): RuntimeMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ server_id: source.serverId });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const stats = () => source.bus.stats();

  new Gauge({
    name: 'hallway_bus_up',
    help: '1 while the bus is up (a probe went through Redis and came back), else 0.',
    registers,
    collect() {
      this.set(stats().status === 'up' ? 1 : 0);
    },
  });
  mirror(registers, 'hallway_bus_published_total', 'Envelopes published.', () => stats().published);
  mirror(registers, 'hallway_bus_publish_failures_total', 'Envelopes that could not be published.', () => stats().publishFailures);
  mirror(registers, 'hallway_bus_received_total', 'Payloads received from the transport.', () => stats().received);
  mirror(registers, 'hallway_bus_handler_errors_total', 'Handlers that threw.', () => stats().handlerErrors);
  mirror(registers, 'hallway_bus_gaps_total', 'Detected gaps (lost messages) in incoming streams.', () => stats().gaps);
  mirror(registers, 'hallway_bus_missed_total', 'Messages known lost in transit (sum of gap sizes).', () => stats().missed);
  mirror(registers, 'hallway_bus_downs_total', 'Times the bus went from up to down.', () => stats().downs);
  const lastDropped = new Map<string, number>();
  new Counter({
    name: 'hallway_bus_dropped_total',
    help: 'Incoming messages dropped, by reason.',
    labelNames: ['reason'],
    registers,
    // Counters cannot be set, only increased: add what the bus counted since the last scrape.
    collect() {
      const now = stats().dropped;
      for (const reason of DROP_REASONS) {
        this.inc({ reason }, Math.max(0, now[reason] - (lastDropped.get(reason) ?? 0)));
        lastDropped.set(reason, now[reason]);
      }
    },
  });
  new Gauge({
    name: 'hallway_bus_pending_requests',
    help: 'Requests awaiting a reply.',
    registers,
    collect() {
      this.set(stats().pendingRequests);
    },
  });
  new Gauge({
    name: 'hallway_bus_queued',
    help: 'Handler tasks running or waiting.',
    registers,
    collect() {
      this.set(stats().queued);
    },
  });
  new Gauge({
    name: 'hallway_server_load',
    help: 'The load this server reports with its heartbeat (gate: connections, hall: sessions, game: rooms).',
    registers,
    collect() {
      this.set(source.load());
    },
  });
  new Gauge({
    name: 'hallway_server_registered',
    help: '1 once the observer has answered a heartbeat.',
    registers,
    collect() {
      this.set(source.registered() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hallway_server_ready',
    help: '1 while /readyz answers 200.',
    registers,
    collect() {
      this.set(source.ready() ? 1 : 0);
    },
  });
  const heartbeats = new Counter({ name: 'hallway_heartbeats_total', help: 'Heartbeats answered by the observer.', registers });
  const heartbeatFailures = new Counter({
    name: 'hallway_heartbeat_failures_total',
    help: 'Heartbeats that failed (observer down, timeout, bus down, bad reply).',
    registers,
  });
  return { registry, heartbeats, heartbeatFailures };
}

function mirror(registers: Registry[], name: string, help: string, read: () => number): void {
  let last = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const now = read();
      if (now > last) this.inc(now - last);
      last = now;
    },
  });
}
