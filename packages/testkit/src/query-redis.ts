import { Redis } from 'ioredis';

/**
 * Runs `query` on a one-shot connection to host:port that fails fast instead of
 * retrying, for polling servers that may be down, starting or paused.
 */
export async function queryRedis<T>(
  host: string,
  port: number,
  query: (client: Redis) => Promise<T>,
  timeoutMs = 1000,
): Promise<T> {
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {
    // The rejected promise below carries the failure.
  });
  try {
    await client.connect();
    return await query(client);
  } finally {
    client.disconnect();
  }
}
