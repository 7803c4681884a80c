import { getFreePort, startRedis, waitUntil, type RedisHandle } from '@hallway/testkit';
import { ServiceProcess, type AppName } from './service-process.js';

export interface ClusterOptions {
  gates?: number;
  halls?: number;
  games?: number;
  /** Extra env for every process. */
  env?: Record<string, string>;
  /** Extra env per app. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
}

export interface ClusterServerView {
  id: string;
  type: string;
  epoch: number;
  load: number;
}

/**
 * A whole hallway cluster of real processes on a private redis-server: observer, gates,
 * halls and games, each with its own HTTP port, heartbeating fast so that failures are
 * noticed within a second or two.
 */
export class Cluster {
  readonly processes: ServiceProcess[] = [];
  gateUrls: string[] = [];
  observerHttp = '';

  private constructor(
    readonly redis: RedisHandle,
    private readonly baseEnv: Record<string, string>,
    private readonly options: ClusterOptions,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const redis = await startRedis();
    const id = Math.random().toString(36).slice(2, 8);
    const baseEnv = {
      REDIS_URL: redis.url,
      KEY_PREFIX: `e2e-${id}:`,
      CHANNEL_PREFIX: `e2e-${id}:channel:`,
      // Fast failure detection (a dead replica is dropped within 1.5 s), but a lease that
      // survives a few seconds of a starved event loop: the CI machine has 2 cores for
      // redis, seven services and the test.
      HEARTBEAT_MS: '300',
      DEAD_AFTER_MS: '1500',
      LEASE_TTL_MS: '5000',
      LOG_LEVEL: 'info',
      ...options.env,
    };
    const cluster = new Cluster(redis, baseEnv, options);
    try {
      await cluster.boot();
    } catch (err) {
      const logs = cluster.processes.map((p) => `--- ${p.label}\n${p.logs(30)}`).join('\n');
      await cluster.stop();
      throw new Error(`cluster did not start: ${(err as Error).message}\n${logs}`, { cause: err });
    }
    return cluster;
  }

  private async boot(): Promise<void> {
    const { gates = 2, halls = 2, games = 2 } = this.options;
    const observerPort = await getFreePort();
    this.observerHttp = `http://127.0.0.1:${observerPort}`;
    await this.spawn('observer', { HTTP_PORT: String(observerPort) });
    for (let i = 0; i < halls; i++) await this.spawn('hall', { HTTP_PORT: String(await getFreePort()) });
    for (let i = 0; i < games; i++) await this.spawn('game', { HTTP_PORT: String(await getFreePort()) });
    for (let i = 0; i < gates; i++) {
      const gatePort = await getFreePort();
      await this.spawn('gate', { HTTP_PORT: String(await getFreePort()), GATE_PORT: String(gatePort) });
      this.gateUrls.push(`ws://127.0.0.1:${gatePort}`);
    }
    await this.waitForServers({ gate: gates, hall: halls, game: games }, 30_000);
    await Promise.all(this.processes.map((p) => this.waitReady(p, 30_000)));
  }

  async spawn(app: AppName, env: Record<string, string>): Promise<ServiceProcess> {
    const proc = new ServiceProcess(app, { ...this.baseEnv, ...this.options.appEnv?.[app], ...env }, `${app}#${this.processes.length}`);
    this.processes.push(proc.start());
    return proc;
  }

  byApp(app: AppName): ServiceProcess[] {
    return this.processes.filter((p) => p.app === app && !p.exited);
  }

  /** The observer's view: GET /cluster. */
  async servers(): Promise<ClusterServerView[]> {
    const res = await fetch(`${this.observerHttp}/cluster`);
    const body = (await res.json()) as { servers: ClusterServerView[] };
    return body.servers;
  }

  async waitForServers(counts: Partial<Record<'gate' | 'hall' | 'game', number>>, timeoutMs: number): Promise<ClusterServerView[]> {
    return waitUntil(
      async () => {
        const servers = await this.servers().catch(() => undefined);
        if (!servers) return undefined;
        const ok = Object.entries(counts).every(([type, n]) => servers.filter((s) => s.type === type).length === n);
        return ok ? servers : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `observer to list ${JSON.stringify(counts)}` },
    );
  }

  async waitReady(proc: ServiceProcess, timeoutMs: number): Promise<void> {
    await waitUntil(
      async () => {
        if (proc.exited) throw new Error(`${proc.label} exited (${JSON.stringify(proc.exited)}):\n${proc.logs()}`);
        const res = await fetch(`http://127.0.0.1:${proc.env.HTTP_PORT}/readyz`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `${proc.label} /readyz` },
    );
  }

  /** The process serving a server id (each service's /healthz names its id). */
  async processOf(serverId: string): Promise<ServiceProcess | undefined> {
    for (const p of this.processes) {
      if (p.exited) continue;
      const res = await fetch(`http://127.0.0.1:${p.env.HTTP_PORT}/healthz`).catch(() => undefined);
      const body = (await res?.json().catch(() => undefined)) as { serverId?: string } | undefined;
      if (body?.serverId === serverId) return p;
    }
    return undefined;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM', 10_000)));
    await this.redis.stop();
  }
}
