import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FrameKind } from './frame-codec.js';

/** Where an incoming frame went: the route's prefix, or `bad` when it could not be read. */
export type InboundTarget = 'gate' | 'hall' | 'game' | 'unknown' | 'bad' | 'limited';

/** The gate's Prometheus metrics, registered on the runtime's registry (served at /metrics). */
export class GateMetrics {
  readonly connections: Gauge;
  readonly sessions: Gauge;
  private readonly messagesIn: Counter<'format' | 'target'>;
  private readonly messagesOut: Counter<'format' | 'kind'>;
  private readonly errors: Counter<'code'>;
  private readonly closes: Counter<'code'>;
  private readonly rebinds: Counter<'type'>;
  private readonly roundTrip: Histogram<'target'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.connections = new Gauge({ name: 'hallway_gate_connections', help: 'Open WebSocket connections', registers });
    this.sessions = new Gauge({ name: 'hallway_gate_sessions', help: 'Logged-in connections', registers });
    this.messagesIn = new Counter({
      name: 'hallway_gate_messages_in_total',
      help: 'Frames received from clients, by format and where they were routed',
      labelNames: ['format', 'target'],
      registers,
    });
    this.messagesOut = new Counter({
      name: 'hallway_gate_messages_out_total',
      help: 'Frames sent to clients, by format and kind (reply, push)',
      labelNames: ['format', 'kind'],
      registers,
    });
    this.errors = new Counter({ name: 'hallway_gate_errors_total', help: 'Error replies and pushes sent, by code', labelNames: ['code'], registers });
    this.closes = new Counter({ name: 'hallway_gate_closes_total', help: 'Connections closed, by close code', labelNames: ['code'], registers });
    this.rebinds = new Counter({
      name: 'hallway_gate_rebinds_total',
      help: 'Sessions moved off a removed server (hall: rebound, game: back to the lobby)',
      labelNames: ['type'],
      registers,
    });
    this.roundTrip = new Histogram({
      name: 'hallway_gate_request_duration_seconds',
      help: 'Forwarded request round trip to the bound server',
      labelNames: ['target'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
  }

  messageIn(format: FrameKind, target: InboundTarget): void {
    this.inChild(format, target).inc();
  }

  messageOut(format: FrameKind, kind: 'reply' | 'push'): void {
    this.outChild(format, kind).inc();
  }

  error(code: string): void {
    this.errors.inc({ code });
  }

  closed(code: number): void {
    this.closes.inc({ code: String(code) });
  }

  rebound(type: 'hall' | 'game', n: number): void {
    if (n > 0) this.rebinds.inc({ type }, n);
  }

  requestDone(target: 'hall' | 'game', seconds: number): void {
    (this.roundTripChildren[target] ??= this.roundTrip.labels({ target })).observe(seconds);
  }

  // Labelled children, looked up once: these counters move on every frame, and prom-client
  // would otherwise hash the label set on each increment.
  private readonly inChildren = new Map<string, Counter.Internal>();
  private readonly outChildren = new Map<string, Counter.Internal>();
  private readonly roundTripChildren: Partial<Record<'hall' | 'game', Histogram.Internal<'target'>>> = {};

  private inChild(format: FrameKind, target: InboundTarget): Counter.Internal {
    const key = `${format}|${target}`;
    let child = this.inChildren.get(key);
    if (!child) this.inChildren.set(key, (child = this.messagesIn.labels({ format, target })));
    return child;
  }

  private outChild(format: FrameKind, kind: 'reply' | 'push'): Counter.Internal {
    const key = `${format}|${kind}`;
    let child = this.outChildren.get(key);
    if (!child) this.outChildren.set(key, (child = this.messagesOut.labels({ format, kind })));
    return child;
  }
}
