import { connect, createServer, type Socket } from 'node:net';

/**
 * What the proxy does with connections it accepts from now on:
 * - `pass`: forward to the target.
 * - `blackhole`: accept, never connect to the target, read and discard everything
 *   (a peer that vanished without closing).
 * - `refuse`: reset immediately.
 */
export type ProxyMode = 'pass' | 'blackhole' | 'refuse';

export interface StartProxyOptions {
  /**
   * Host the proxy forwards to.
   * @default '127.0.0.1'
   */
  targetHost?: string;
  /** Port the proxy forwards to. Required. */
  targetPort: number;
  /**
   * Port to listen on (on 127.0.0.1); 0 picks a free one.
   * @default 0
   */
  listenPort?: number;
}

export const DEFAULT_START_PROXY_OPTIONS: Required<Omit<StartProxyOptions, 'targetPort'>> = {
  targetHost: '127.0.0.1',
  listenPort: 0,
};

/** A TCP proxy between a client and a server that can break the network on demand. */
export interface TcpProxy {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** Client connections currently open through the proxy. */
  readonly connections: number;
  /** The mode new connections get. */
  readonly mode: ProxyMode;
  /** Sets the mode for connections accepted from now on; open connections are unaffected. */
  setMode(mode: ProxyMode): void;
  /**
   * The connections open right now silently stop forwarding, both ways: sockets stay
   * open (no FIN, no RST), bytes are read and dropped. New connections follow the mode.
   * Together with `setMode('blackhole')` this is a full partition.
   */
  blackholeExisting(): void;
  /** Resets (RST) every open connection, on both sides. */
  cutAll(): void;
  /** Stops listening and resets every open connection. Idempotent. */
  close(): Promise<void>;
}

interface Link {
  readonly client: Socket;
  readonly upstream: Socket | undefined;
  blackholed: boolean;
}

const HOST = '127.0.0.1';

const ignore = (): void => {
  // Resets and refusals are the point of this proxy; every socket gets this listener.
};

/** Abortive close (RST), so the peer sees ECONNRESET rather than a clean end. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  // resetAndDestroy() waits for a pending connect, which may never come; just drop those.
  if (typeof socket.resetAndDestroy === 'function' && !socket.connecting) socket.resetAndDestroy();
  else socket.destroy();
}

/** Copies `from` to `to` with backpressure, unless (or until) the link is blackholed. */
function forward(link: Link, from: Socket, to: Socket): void {
  from.on('data', (chunk: Buffer) => {
    if (link.blackholed || to.destroyed) return;
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  // Half-close travels through, like on a real network, unless the network is "down".
  from.on('end', () => {
    if (!link.blackholed) to.end();
  });
}

/** Starts a TCP proxy on 127.0.0.1 for fault tests. */
export async function startProxy(options: StartProxyOptions): Promise<TcpProxy> {
  const { targetHost, targetPort, listenPort } = { ...DEFAULT_START_PROXY_OPTIONS, ...options };
  const links = new Set<Link>();
  let mode: ProxyMode = 'pass';
  let closing: Promise<void> | undefined;

  // allowHalfOpen: the proxy decides when to end each side, see forward().
  const server = createServer({ allowHalfOpen: true }, (client) => {
    client.on('error', ignore);
    if (mode === 'refuse' || closing !== undefined) {
      reset(client);
      return;
    }
    if (mode === 'blackhole') {
      const link: Link = { client, upstream: undefined, blackholed: true };
      links.add(link);
      client.on('data', ignore);
      client.on('close', () => links.delete(link));
      return;
    }
    const upstream = connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    upstream.on('error', ignore);
    const link: Link = { client, upstream, blackholed: false };
    links.add(link);
    forward(link, client, upstream);
    forward(link, upstream, client);
    client.on('close', () => {
      links.delete(link);
      upstream.destroy();
    });
    upstream.on('close', (hadError) => {
      // A blackholed link keeps the client hanging, whatever the server does.
      if (link.blackholed) return;
      if (hadError) reset(client);
      else if (!client.writableEnded) client.end();
    });
  });
  server.on('error', ignore);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: listenPort }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`startProxy: unexpected listen address ${String(address)}`);
  const port = address.port;

  const blackhole = (link: Link): void => {
    link.blackholed = true;
    // Keep reading (and dropping) so nothing backs up into the kernel buffers.
    link.client.resume();
    link.upstream?.resume();
  };
  const cutAll = (): void => {
    for (const link of links) {
      reset(link.client);
      if (link.upstream !== undefined) reset(link.upstream);
    }
    links.clear();
  };

  return {
    port,
    url: `redis://${HOST}:${port}`,
    get connections() {
      return links.size;
    },
    get mode() {
      return mode;
    },
    setMode(next: ProxyMode) {
      mode = next;
    },
    blackholeExisting() {
      for (const link of links) blackhole(link);
    },
    cutAll,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        cutAll();
      });
      return closing;
    },
  };
}
