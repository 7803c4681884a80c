import { createServer } from 'node:net';

/**
 * Asks the kernel for a port that is free right now on 127.0.0.1.
 *
 * There is a window between closing this probe and the caller binding the port in
 * which another process could take it; callers that spawn servers retry on
 * "address in use" rather than trusting this blindly.
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    // Never keep the test process alive just for a probe.
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`getFreePort: unexpected listen address ${String(address)}`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
