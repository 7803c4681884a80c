import { WebSocket } from 'ws';
import { HallwayClient, type HallwayClientOptions } from './hallway-client.js';

/**
 * The Node entry (`@hallway/client/node`): the same client with the `ws` package's
 * WebSocket, for Node 20 (which has no global WebSocket).
 */
export * from './index.js';

/** Creates a client on `ws` (unless another `WebSocket` is given) and connects it. */
export async function connectNode(options: HallwayClientOptions): Promise<HallwayClient> {
  const client = createNodeClient(options);
  await client.connect();
  return client;
}

/** Creates a client on `ws` without connecting. */
export function createNodeClient(options: HallwayClientOptions): HallwayClient {
  return new HallwayClient({ WebSocket, ...options });
}
