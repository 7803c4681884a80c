import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getFreePort } from './free-port.js';

describe('getFreePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
