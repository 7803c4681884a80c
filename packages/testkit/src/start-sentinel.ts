import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { cleanupOnExit } from './cleanup-on-exit.js';
import { findRedisServer } from './find-redis-server.js';
import { getFreePort } from './free-port.js';
import { launchRedisServer, type RedisServerProcess } from './launch-redis-server.js';
import { queryRedis } from './query-redis.js';
import { RedisStartError } from './redis-start-error.js';
import { startRedis, type RedisHandle } from './start-redis.js';
import { waitUntil } from './wait-until.js';

export interface StartSentinelSetupOptions {
  /**
   * The name the sentinels monitor the master under.
   * @default 'mymaster'
   */
  masterName?: string;
  /**
   * `sentinel down-after-milliseconds`: how long the master may be silent before it counts as down.
   * @default 1000
   */
  downAfterMs?: number;
  /**
   * `sentinel failover-timeout`.
   * @default 3000
   */
  failoverTimeoutMs?: number;
  /**
   * Deadline for the whole set-up to be ready: replica linked, every sentinel aware of
   * the master, the replica and the two other sentinels.
   * @default 20000
   */
  readyTimeoutMs?: number;
  /**
   * Deadline for `failover()` to see every sentinel report a new master.
   * @default 15000
   */
  failoverWaitMs?: number;
  /**
   * redis-server binary, as in `startRedis`.
   * @default see StartRedisOptions.bin
   */
  bin?: string;
}

export const DEFAULT_START_SENTINEL_SETUP_OPTIONS: Required<Omit<StartSentinelSetupOptions, 'bin'>> = {
  masterName: 'mymaster',
  downAfterMs: 1000,
  failoverTimeoutMs: 3000,
  readyTimeoutMs: 20_000,
  failoverWaitMs: 15_000,
};

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** One master, one replica and three sentinels (quorum 2), all real processes. */
export interface SentinelSetup {
  readonly masterName: string;
  /** Shaped for ioredis' `sentinels` option. */
  readonly sentinels: readonly HostPort[];
  /** The server started as master. After a failover it is no longer the master (and is dead). */
  readonly master: RedisHandle;
  /** The server started as replica; `failover()` promotes it. */
  readonly replica: RedisHandle;
  /** The master address according to the first sentinel that answers. */
  currentMaster(): Promise<HostPort>;
  /** SIGKILLs the current master and waits until every sentinel reports another one. */
  failover(): Promise<void>;
  /**
   * A Sentinel-aware ioredis client (`{ sentinels, name: masterName }`) with an 'error'
   * listener attached; `stop()` disconnects it.
   */
  client(options?: RedisOptions): Redis;
  /** Stops the sentinels, then the servers. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

interface SentinelProcess {
  readonly port: number;
  readonly server: RedisServerProcess;
  readonly dir: string;
  readonly forgetDir: () => void;
}

async function startOneSentinel(
  bin: string,
  masterPort: number,
  options: Required<Omit<StartSentinelSetupOptions, 'bin'>>,
): Promise<SentinelProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'hallway-sentinel-'));
  const forgetDir = cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'sentinel.conf');
  const logFile = join(dir, 'sentinel.log');
  const { masterName, downAfterMs, failoverTimeoutMs } = options;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await getFreePort();
      // Sentinel rewrites its config file as it learns the topology, so it lives in the sentinel's own dir.
      await writeFile(
        configFile,
        [
          `port ${port}`,
          `bind ${HOST}`,
          'protected-mode no',
          'daemonize no',
          `dir ${dir}`,
          `logfile ${logFile}`,
          `sentinel monitor ${masterName} ${HOST} ${masterPort} 2`,
          `sentinel down-after-milliseconds ${masterName} ${downAfterMs}`,
          `sentinel failover-timeout ${masterName} ${failoverTimeoutMs}`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      try {
        const server = await launchRedisServer({
          bin,
          args: [configFile, '--sentinel'],
          host: HOST,
          port,
          logFile,
          readyTimeoutMs: options.readyTimeoutMs,
        });
        return { port, server, dir, forgetDir };
      } catch (error) {
        if (!(error instanceof RedisStartError && error.addressInUse) || attempt >= 5) throw error;
      }
    }
  } catch (error) {
    forgetDir();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopSentinel(sentinel: SentinelProcess): Promise<void> {
  await sentinel.server.terminate(3000);
  await rm(sentinel.dir, { recursive: true, force: true });
  sentinel.forgetDir();
}

function toHostPort(reply: unknown): HostPort | undefined {
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [host, port] = reply as unknown[];
  return typeof host === 'string' && typeof port === 'string' ? { host, port: Number(port) } : undefined;
}

function sameAddress(a: HostPort, b: HostPort): boolean {
  return a.host === b.host && a.port === b.port;
}

/**
 * Starts a master, a replica of it and three sentinels monitoring it, and resolves once
 * the sentinels agree on the whole topology (so a failover can actually happen).
 *
 * @throws {RedisNotInstalledError} when no redis-server binary is available.
 * @throws {RedisStartError} when a server or sentinel does not come up.
 */
export async function startSentinelSetup(options: StartSentinelSetupOptions = {}): Promise<SentinelSetup> {
  const settings = { ...DEFAULT_START_SENTINEL_SETUP_OPTIONS, ...options };
  const { masterName, readyTimeoutMs, failoverWaitMs } = settings;
  const bin = findRedisServer(options.bin);
  const deadline = Date.now() + readyTimeoutMs;
  const remaining = (): number => Math.max(deadline - Date.now(), 1);

  let master: RedisHandle | undefined;
  let replica: RedisHandle | undefined;
  const sentinelProcesses: SentinelProcess[] = [];
  const clients = new Set<Redis>();
  const stopAll = async (): Promise<void> => {
    for (const client of clients) client.disconnect();
    clients.clear();
    // Sentinels first, so they do not react to the servers going away.
    await Promise.all(sentinelProcesses.map(stopSentinel));
    await Promise.all([master?.stop(), replica?.stop()]);
  };

  try {
    master = await startRedis({ bin, readyTimeoutMs: remaining() });
    replica = await startRedis({ bin, readyTimeoutMs: remaining(), extraArgs: ['--replicaof', HOST, String(master.port)] });
    const replicaPort = replica.port;
    // Linked before the sentinels start, so their first INFO of the master already lists the replica.
    await waitUntil(
      async () => (await queryRedis(HOST, replicaPort, (client) => client.info('replication'))).includes('master_link_status:up'),
      { timeoutMs: remaining(), description: 'replica linked to master (master_link_status:up)' },
    );
    for (let i = 0; i < 3; i++) {
      sentinelProcesses.push(await startOneSentinel(bin, master.port, { ...settings, readyTimeoutMs: remaining() }));
    }
    const masterAddress: HostPort = { host: HOST, port: master.port };
    for (const sentinel of sentinelProcesses) {
      await waitUntil(
        () =>
          queryRedis(HOST, sentinel.port, async (client) => {
            const reported = toHostPort(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName));
            const replicas = (await client.call('SENTINEL', 'REPLICAS', masterName)) as unknown[];
            const others = (await client.call('SENTINEL', 'SENTINELS', masterName)) as unknown[];
            return reported !== undefined && sameAddress(reported, masterAddress) && replicas.length > 0 && others.length === 2;
          }),
        {
          timeoutMs: remaining(),
          description: `sentinel ${HOST}:${sentinel.port} to know the master, the replica and 2 other sentinels`,
        },
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const sentinels: HostPort[] = sentinelProcesses.map(({ port }) => ({ host: HOST, port }));
  const servers = [master, replica];
  let stopping: Promise<void> | undefined;

  const askSentinel = (sentinel: HostPort): Promise<HostPort | undefined> =>
    queryRedis(sentinel.host, sentinel.port, async (client) =>
      toHostPort(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)),
    );

  const currentMaster = async (): Promise<HostPort> => {
    let lastError: unknown;
    for (const sentinel of sentinels) {
      try {
        const address = await askSentinel(sentinel);
        if (address !== undefined) return address;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`no sentinel knows the master "${masterName}"`, { cause: lastError });
  };

  return {
    masterName,
    sentinels,
    master,
    replica,
    currentMaster,
    async failover() {
      const before = await currentMaster();
      const victim = servers.find((server) => server.port === before.port && server.host === before.host);
      if (victim === undefined) throw new Error(`the sentinels' master ${before.host}:${before.port} is not part of this set-up`);
      await victim.kill('SIGKILL');
      // All of them, because clients may ask any sentinel.
      await waitUntil(
        async () => {
          const reports = await Promise.all(sentinels.map(askSentinel));
          const first = reports[0];
          return (
            first !== undefined &&
            !sameAddress(first, before) &&
            reports.every((report) => report !== undefined && sameAddress(report, first))
          );
        },
        {
          timeoutMs: failoverWaitMs,
          intervalMs: 100,
          description: `every sentinel to report a master other than ${before.host}:${before.port}`,
        },
      );
    },
    client(clientOptions?: RedisOptions): Redis {
      if (stopping !== undefined) throw new Error('the sentinel set-up has been stopped');
      const client = new Redis({ sentinels: [...sentinels], name: masterName, ...clientOptions });
      client.on('error', () => {
        // Expected while failing over; ioredis reconnects through the sentinels.
      });
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
