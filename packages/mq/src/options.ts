import { pino, type Logger } from 'pino';
import { BOOTSTRAP_PERMISSIONS, type PermissionList } from './permissions.js';

export interface BusOptions {
  /** This server's id, `<type><NNN>` or `observer`; it subscribes to `channelPrefix + serverId`. */
  serverId: string;
  /**
   * Tells this run of the server from earlier ones under the same id.
   * @default Date.now() when the bus is created
   */
  epoch?: number;
  /** @default 'channel:' */
  channelPrefix?: string;
  /**
   * The publish-permission list to start with (the observer replaces it).
   * @default BOOTSTRAP_PERMISSIONS ({ observer: ['observer'] })
   */
  permissions?: PermissionList;
  /**
   * Largest PUBLISH payload sent or accepted; larger incoming ones are dropped and counted.
   * @default 1048576 (1 MiB)
   */
  maxPayloadBytes?: number;
  /** @default 5000 */
  requestTimeoutMs?: number;
  /** @default 100000 */
  maxPendingRequests?: number;
  /**
   * Most envelopes coalesced into one PUBLISH per channel per event-loop turn.
   * @default 256
   */
  maxBatch?: number;
  /**
   * Handler tasks running or waiting, in all; past it new messages are dropped
   * (requests answered `OVERLOADED`).
   * @default 10000
   */
  maxQueued?: number;
  /** @default 1000 */
  maxQueuePerKey?: number;
  /** @default a pino logger at level 'warn' */
  logger?: Logger;
}

export type ResolvedBusOptions = Required<BusOptions>;

export const DEFAULT_BUS_OPTIONS = {
  channelPrefix: 'channel:',
  permissions: BOOTSTRAP_PERMISSIONS,
  maxPayloadBytes: 1024 * 1024,
  requestTimeoutMs: 5_000,
  maxPendingRequests: 100_000,
  maxBatch: 256,
  maxQueued: 10_000,
  maxQueuePerKey: 1_000,
} as const satisfies Omit<BusOptions, 'serverId'>;

export function resolveBusOptions(options: BusOptions): ResolvedBusOptions {
  return {
    ...DEFAULT_BUS_OPTIONS,
    epoch: Date.now(),
    logger: pino({ name: 'mq', level: 'warn' }),
    ...stripUndefined(options),
  } as ResolvedBusOptions;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
