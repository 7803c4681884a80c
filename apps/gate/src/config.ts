import { envBool, envInt, envMs, envPort, envString, RuntimeEnvSchema } from '@hallway/runtime';
import { z } from 'zod';
import { DEFAULT_GATE_CONFIG, type GateConfig } from './gate-config.js';

/** The gate's environment: the runtime's variables plus its own (README.md lists each). */
export const GateEnvSchema = RuntimeEnvSchema.extend({
  /** Port of the WebSocket server (clients connect to ws://host:GATE_PORT/, any path). */
  GATE_PORT: envPort().default(DEFAULT_GATE_CONFIG.port),
  /** Address the WebSocket server binds to. */
  GATE_HOST: envString('expected a host name or IP address').default(DEFAULT_GATE_CONFIG.host),
  /** HS256 secret: when set, gate.login needs a JWT signed with it (`sub` = user id); unset = guests. */
  AUTH_SECRET: envString('expected a non-empty secret').optional(),
  MAX_FRAME_BYTES: envInt(128, 16 * 1024 * 1024).default(DEFAULT_GATE_CONFIG.maxFrameBytes),
  RATE_LIMIT_PER_SEC: envInt(1, 100_000).default(DEFAULT_GATE_CONFIG.rateLimitPerSec),
  RATE_LIMIT_BURST: envInt(1, 1_000_000).default(DEFAULT_GATE_CONFIG.rateLimitBurst),
  LOGIN_TIMEOUT_MS: envMs(100, 600_000).default(DEFAULT_GATE_CONFIG.loginTimeoutMs),
  PING_INTERVAL_MS: envMs(100, 600_000).default(DEFAULT_GATE_CONFIG.pingIntervalMs),
  MAX_BUFFERED_BYTES: envInt(1024, 1024 * 1024 * 1024).default(DEFAULT_GATE_CONFIG.maxBufferedBytes),
  REQUEST_TIMEOUT_MS: envMs(50, 120_000).default(DEFAULT_GATE_CONFIG.requestTimeoutMs),
  /** 0 = no limit. */
  MAX_CONNECTIONS: envInt(0, 10_000_000).default(DEFAULT_GATE_CONFIG.maxConnections),
  /** The URL clients reach this gate at, published in the cluster view (e.g. behind a load balancer). */
  PUBLIC_URL: z.url({ protocol: /^wss?$/, error: 'expected a ws:// or wss:// URL' }).optional(),
  /** Serve the browser client on GATE_PORT (GET / and /client.js); false leaves the port WebSocket-only. */
  WEB_CLIENT: envBool().default(DEFAULT_GATE_CONFIG.webClient),
});
export type GateEnv = z.output<typeof GateEnvSchema>;

export function gateConfigOf(env: GateEnv): GateConfig {
  return {
    port: env.GATE_PORT,
    host: env.GATE_HOST,
    authSecret: env.AUTH_SECRET,
    maxFrameBytes: env.MAX_FRAME_BYTES,
    rateLimitPerSec: env.RATE_LIMIT_PER_SEC,
    rateLimitBurst: env.RATE_LIMIT_BURST,
    loginTimeoutMs: env.LOGIN_TIMEOUT_MS,
    pingIntervalMs: env.PING_INTERVAL_MS,
    maxBufferedBytes: env.MAX_BUFFERED_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    maxConnections: env.MAX_CONNECTIONS,
    publicUrl: env.PUBLIC_URL,
    webClient: env.WEB_CLIENT,
  };
}
