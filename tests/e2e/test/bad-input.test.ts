import { CloseCode } from '@hallway/protocol';
import { Packr } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Cluster } from '../src/cluster.js';
import { Player } from '../src/player.js';

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

interface Frame {
  id?: number;
  ok?: boolean;
  route?: string;
  body?: unknown;
  error?: { code: string; message: string };
}

/** A raw WebSocket that can send anything and records what comes back. */
async function rawSocket(url: string): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number>; next: (pred: (f: Frame) => boolean) => Promise<Frame> }> {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  ws.on('message', (data, isBinary) => {
    frames.push(isBinary ? (packr.unpack(data as Buffer) as Frame) : (JSON.parse(String(data)) as Frame));
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = async (pred: (f: Frame) => boolean): Promise<Frame> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const f = frames.find(pred);
      if (f) return f;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ws, frames, closed, next };
}

describe('bad input from clients', () => {
  let cluster: Cluster;
  let bystander: Player;
  let peer: Player;

  beforeAll(async () => {
    cluster = await Cluster.start({
      gates: 1,
      halls: 1,
      games: 1,
      appEnv: { gate: { MAX_FRAME_BYTES: '4096', RATE_LIMIT_PER_SEC: '20', RATE_LIMIT_BURST: '20' } },
    });
    bystander = await new Player(cluster.gateUrls[0]!, 'bystander').connect();
    peer = await new Player(cluster.gateUrls[0]!, 'peer').connect();
  });
  afterAll(async () => {
    bystander?.close();
    peer?.close();
    await cluster?.stop();
  });

  async function bystanderStillServed(): Promise<void> {
    await expect(bystander.request('hall.echo', { n: 1 })).resolves.toEqual({ n: 1 });
    await peer.request('hall.chat', { text: `still fine ${Date.now()}` });
    await bystander.waitForPush('hall.chat', (b: { text: string }) => b.text.startsWith('still fine'));
  }

  it('answers broken JSON and msgpack with BAD_FRAME and keeps the connection', async () => {
    const s = await rawSocket(cluster.gateUrls[0]!);
    s.ws.send('{"id": 1, "route": "gate.ping", ');
    const err = await s.next((f) => f.route === 'gate.error' || f.ok === false);
    expect(JSON.stringify(err)).toContain('BAD_FRAME');
    s.ws.send(Buffer.from([0xc1, 0xff, 0x00]));
    await s.next((f) => f !== err && JSON.stringify(f).includes('BAD_FRAME'));
    s.ws.send(JSON.stringify({ id: 2, route: 'gate.ping', body: { t: 5 } }));
    expect(await s.next((f) => f.id === 2)).toMatchObject({ id: 2, ok: true, body: { t: 5 } });
    s.ws.close();
    await bystanderStillServed();
  });

  it('rejects requests before login, unknown routes and schema violations with error codes', async () => {
    const s = await rawSocket(cluster.gateUrls[0]!);
    s.ws.send(JSON.stringify({ id: 1, route: 'hall.chat', body: { text: 'hi' } }));
    expect((await s.next((f) => f.id === 1)).error?.code).toBe('NOT_LOGGED_IN');
    s.ws.send(JSON.stringify({ id: 2, route: 'gate.login', body: { name: '' } }));
    expect((await s.next((f) => f.id === 2)).error?.code).toBe('BAD_REQUEST');
    s.ws.send(JSON.stringify({ id: 3, route: 'gate.login', body: { name: 'mallory' } }));
    expect(await s.next((f) => f.id === 3)).toMatchObject({ ok: true });
    s.ws.send(JSON.stringify({ id: 4, route: 'nowhere.fast', body: {} }));
    expect((await s.next((f) => f.id === 4)).error?.code).toBe('UNKNOWN_ROUTE');
    s.ws.send(JSON.stringify({ id: 5, route: 'hall.doesNotExist', body: {} }));
    expect((await s.next((f) => f.id === 5)).error?.code).toBe('UNKNOWN_ROUTE');
    s.ws.send(JSON.stringify({ id: 6, route: 'hall.chat', body: { text: 42 } }));
    expect((await s.next((f) => f.id === 6)).error?.code).toBe('BAD_REQUEST');
    s.ws.send(JSON.stringify({ id: 7, route: 'game.move', body: { cell: 1 } }));
    expect((await s.next((f) => f.id === 7)).error?.code).toBe('NOT_BOUND');
    s.ws.close();
    await bystanderStillServed();
  });

  it('closes an oversized frame with 1009', async () => {
    const s = await rawSocket(cluster.gateUrls[0]!);
    s.ws.send(JSON.stringify({ id: 1, route: 'gate.ping', body: { t: 1, pad: 'x'.repeat(10_000) } }));
    expect(await s.closed).toBe(CloseCode.MESSAGE_TOO_BIG);
    await bystanderStillServed();
  });

  it('rate-limits a flooding client, then closes it with 4002', async () => {
    const s = await rawSocket(cluster.gateUrls[0]!);
    s.ws.send(JSON.stringify({ id: 0, route: 'gate.login', body: { name: 'flood' } }));
    await s.next((f) => f.id === 0);
    for (let i = 1; i <= 500 && s.ws.readyState === WebSocket.OPEN; i++) {
      s.ws.send(JSON.stringify({ id: i, route: 'hall.echo', body: { i } }));
    }
    expect(await s.closed).toBe(CloseCode.RATE_LIMITED);
    expect(s.frames.some((f) => f.error?.code === 'RATE_LIMITED')).toBe(true);
    await bystanderStillServed();
  });
});
