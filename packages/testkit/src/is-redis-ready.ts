import { connect } from 'node:net';

/**
 * True when the server on host:port answers `INFO server` and is the process `pid`.
 *
 * Checking the pid rather than just PING matters: if our server failed to bind, some
 * other server that happens to own the port would otherwise pass for ours.
 * Raw RESP over node:net keeps this free of client reconnect logic and its noise.
 */
export function isRedisReady(host: string, port: number, pid: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve(false);
      return;
    }
    const socket = connect({ host, port });
    let received = '';
    let settled = false;
    const finish = (ready: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(ready);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onAbort = (): void => finish(false);
    signal?.addEventListener('abort', onAbort);
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes(`\r\nprocess_id:${pid}\r\n`)) finish(true);
      else if (received.startsWith('-') && received.includes('\r\n')) finish(false);
      else {
        const header = /^\$(\d+)\r\n/.exec(received);
        // The whole bulk reply arrived without our pid: someone else's server.
        if (header !== null && received.length >= header[0].length + Number(header[1]) + 2) finish(false);
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
