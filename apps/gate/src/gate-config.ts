/**
 * What a gate needs to know, already parsed (see config.ts for the environment
 * variables behind each field). Tests build it directly.
 */
export interface GateConfig {
  /** @default 8000 */
  port?: number;
  /** Address the WebSocket server binds to. @default '0.0.0.0' */
  host?: string;
  /** HS256 secret for `gate.login` tokens; unset means guests without tokens. @default undefined */
  authSecret?: string;
  /** Largest frame a client may send; bigger closes with 1009. @default 65536 */
  maxFrameBytes?: number;
  /** Sustained frames per second per connection. @default 50 */
  rateLimitPerSec?: number;
  /** Frames a connection may send at once before the rate applies. @default 100 */
  rateLimitBurst?: number;
  /** A connection must log in within this; else it is closed with 4001. @default 10000 */
  loginTimeoutMs?: number;
  /** WebSocket ping every this often; no pong by the next ping closes with 4005. @default 15000 */
  pingIntervalMs?: number;
  /** Outbound bytes a connection may have queued; more closes it with 4004. @default 1048576 */
  maxBufferedBytes?: number;
  /** How long the gate waits for the hall/game server to answer a forwarded request. @default 5000 */
  requestTimeoutMs?: number;
  /** Most open connections; further upgrades get HTTP 503. 0 = no limit. @default 0 */
  maxConnections?: number;
  /** URL clients use to reach this gate, published in the cluster view. @default ws://<hostname>:<port> */
  publicUrl?: string;
  /** Serve the browser client (`GET /`, `/client.js`, `/style.css`) on the WebSocket port. @default true */
  webClient?: boolean;
  /** Folder of the bundled browser client. @default the package's dist/web (built by scripts/bundle-web.mjs) */
  webRoot?: string;
}

export type ResolvedGateConfig = Required<Omit<GateConfig, 'authSecret' | 'publicUrl' | 'webRoot'>> & Pick<GateConfig, 'authSecret' | 'publicUrl' | 'webRoot'>;

export const DEFAULT_GATE_CONFIG = {
  port: 8000,
  host: '0.0.0.0',
  maxFrameBytes: 64 * 1024,
  rateLimitPerSec: 50,
  rateLimitBurst: 100,
  loginTimeoutMs: 10_000,
  pingIntervalMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  requestTimeoutMs: 5_000,
  maxConnections: 0,
  webClient: true,
} as const satisfies GateConfig;

/**
 * Constants that are not worth a variable: how a gate treats misbehaving clients
 * beyond the configured limits.
 */
export const GATE_LIMITS = {
  /** Malformed frames in a row before closing with 4003. */
  maxBadFramesInRow: 10,
  /**
   * Rate-limited frames within one second, as a multiple of RATE_LIMIT_PER_SEC, before
   * closing with 4002 (so a client sending ~3× the rate is closed).
   */
  floodFactor: 2,
  /** Pushes held for a connection while its login is in flight (delivered after the reply). */
  maxQueuedDuringLogin: 256,
  /** After a close frame, how long the peer has to answer before the socket is destroyed. */
  closeGraceMs: 1_000,
  /** Nesting depth of a client frame (the bus adds two levels and accepts 64). */
  maxFrameDepth: 32,
} as const;

export function resolveGateConfig(config: GateConfig): ResolvedGateConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as GateConfig;
  return { ...DEFAULT_GATE_CONFIG, ...defined };
}
