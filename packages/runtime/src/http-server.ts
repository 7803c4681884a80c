import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HttpHandler } from './service-runtime.js';

/** Writes a JSON response (no-cache: health and cluster views must never be cached). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The runtime's small HTTP server: GET routes by exact path (query strings ignored),
 * 404/405 as JSON, handler errors answered 500 and logged. Health, metrics and app
 * routes (the observer's /cluster) all live here.
 */
export class HttpServer {
  private readonly routes = new Map<string, HttpHandler>();
  private readonly server: Server;

  constructor(private readonly log: Logger) {
    this.server = createServer((req, res) => void this.serve(req, res));
    // Health probes poll often; don't hold idle sockets for long.
    this.server.keepAliveTimeout = 5_000;
    this.server.requestTimeout = 10_000;
    this.server.on('error', (err) => this.log.error({ err }, 'http server error'));
    this.server.on('clientError', (err, socket) => {
      this.log.debug({ err }, 'bad http request');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  route(path: string, handler: HttpHandler): void {
    if (!path.startsWith('/')) throw new TypeError(`route path must start with "/", got "${path}"`);
    this.routes.set(path, handler);
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    return address && typeof address === 'object' ? address.port : 0;
  }

  /** Stops accepting, ends idle keep-alive sockets, and waits (up to `timeoutMs`) for requests in flight. */
  close(timeoutMs: number): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.server.closeAllConnections();
        resolve();
      }, timeoutMs);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = this.routes.get(path);
    if (!handler) return sendJson(res, 404, { error: 'NOT_FOUND', message: `no route ${path}` });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED', message: `${path} only answers GET` });
    }
    try {
      await handler(req, res);
    } catch (err) {
      this.log.error({ err, path }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'INTERNAL', message: 'handler failed' });
      else res.destroy();
    }
  }
}
