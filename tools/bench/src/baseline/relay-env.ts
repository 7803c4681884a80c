import type { IncomingMessage, ServerResponse } from 'node:http';

/** The environment every baseline process reads (set by `startRelays`). */
export interface RelayEnv {
  redisUrl: string;
  /** Prefix of every channel, so the three systems never hear each other. */
  prefix: string;
  relayId: string;
  port: number;
  /** Echo services' channels; a connection is pinned to one, as a gate session to a hall. */
  echoChannels: string[];
}

export function readRelayEnv(env: NodeJS.ProcessEnv): RelayEnv {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  return {
    redisUrl: need('REDIS_URL'),
    prefix: env.CHANNEL_PREFIX ?? 'bench:',
    relayId: env.RELAY_ID ?? 'relay1',
    port: Number(env.RELAY_PORT ?? 0),
    echoChannels: (env.ECHO_CHANNELS ?? 'echo1').split(',').filter(Boolean),
  };
}

/** `GET /memory`: this process's memory, for the idle-connection figure. */
export function memoryEndpoint(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url !== '/memory') return false;
  const m = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed }));
  return true;
}

/** Ends the process on SIGTERM/SIGINT after `close` (bounded: 3 s), so --cpu-prof files get written. */
export function exitOnSignal(close: () => Promise<void>): void {
  const stop = (): void => {
    setTimeout(() => process.exit(0), 3_000).unref();
    void close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
