import { createServer } from 'node:net';
import { PortInUseError } from './errors.js';

/**
 * A port that is free right now on `host`. Another process may take it before the
 * caller binds it, so callers that spawn servers retry on "address in use".
 */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`unexpected listen address ${String(address)}`))));
    });
  });
}

/**
 * Fails with a clear `PortInUseError` when `port` cannot be bound on `host`, before a
 * service is started on it: a child that cannot listen only says so deep in its log.
 */
export function assertPortFree(port: number, host: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new PortInUseError(port, what, { cause: err }) : err);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
