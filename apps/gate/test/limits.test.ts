import { request } from 'node:http';
import type { HallwayClient } from '@hallway/client/node';
import { Packr } from 'msgpackr';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A logged-in bystander that must keep working whatever the others do. */
async function bystander(harness: Harness): Promise<HallwayClient> {
  const c = await harness.client({ format: 'msgpack' });
  await c.login({ name: 'bystander' });
  return c;
}

describe('malformed frames', () => {
  it('answers BAD_FRAME as a reply when the id is readable, else as a gate.error push', async () => {
    h = await startHarness();
    const other = await bystander(h);
    const raw = await h.raw();
    raw.ws.send('{oops');
    expect(await raw.frame(1)).toMatchObject({ kind: 'json', frame: { route: 'gate.error', body: { code: 'BAD_FRAME' } } });
    raw.sendJson({ id: 5, route: 'nodot' });
    expect(await raw.frame(2)).toMatchObject({ kind: 'json', frame: { id: 5, ok: false, error: { code: 'BAD_FRAME' } } });
    raw.ws.send(Buffer.from([0xd4, 0x01, 0x00])); // msgpack with an unknown extension
    expect(await raw.frame(3)).toMatchObject({ kind: 'msgpack', frame: { route: 'gate.error', body: { code: 'BAD_FRAME' } } });
    raw.sendMsgpack({ id: 6, route: 'gate.ping', body: { t: new Date() } }); // a timestamp extension: not plain data
    expect(await raw.frame(4)).toMatchObject({ kind: 'msgpack', frame: { id: 6, ok: false, error: { code: 'BAD_FRAME' } } });
    raw.ws.send('{"id":7,"route":"gate.ping","body":{"__proto__":{"t":1}}}');
    expect(await raw.frame(5)).toMatchObject({ frame: { id: 7, ok: false, error: { code: 'BAD_FRAME' } } });
    raw.ws.send('[1,2,3]');
    expect(await raw.frame(6)).toMatchObject({ frame: { route: 'gate.error', body: { code: 'BAD_FRAME' } } });
    // A good frame resets the count; the connection is fine.
    raw.sendJson({ id: 8, route: 'gate.ping', body: { t: 8 } });
    expect(await raw.frame(7)).toEqual({ kind: 'json', frame: { id: 8, ok: true, body: { t: 8 } } });
    expect(await other.echo('unaffected')).toBe('unaffected');
  });

  it('closes with 4003 after 10 malformed frames in a row', async () => {
    h = await startHarness();
    const other = await bystander(h);
    const raw = await h.raw();
    for (let i = 0; i < 10; i++) raw.ws.send(`garbage ${i}`);
    expect((await raw.closed).code).toBe(4003);
    expect(raw.frames).toHaveLength(9); // nine gate.error pushes, then the close
    expect(await other.echo('still here')).toBe('still here');
  });

  it('closes with 1009 on a frame above MAX_FRAME_BYTES', async () => {
    h = await startHarness({ config: { maxFrameBytes: 1024 } });
    const other = await bystander(h);
    const raw = await h.raw();
    raw.sendJson({ id: 1, route: 'gate.ping', body: { t: 1, pad: 'x'.repeat(900) } });
    expect(await raw.frame(1)).toMatchObject({ frame: { id: 1, ok: true } });
    raw.sendJson({ id: 2, route: 'gate.ping', body: { t: 1, pad: 'x'.repeat(2000) } });
    expect((await raw.closed).code).toBe(1009);
    expect(await other.echo('ok')).toBe('ok');
    await waitFor(() => h!.gate.connections === 1);
    expect((await h.closeCodes())['1009']).toBe(1);
  });

  it('answers BAD_REQUEST for a gate route body that does not match its schema', async () => {
    h = await startHarness();
    const c = await h.client();
    await expect(c.request('gate.login', { name: 42 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.request('gate.ping', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('rate limiting', () => {
  it('answers RATE_LIMITED past the burst and keeps a client that then slows down', async () => {
    h = await startHarness({ config: { rateLimitPerSec: 20, rateLimitBurst: 5 } });
    const raw = await h.raw();
    for (let id = 1; id <= 8; id++) raw.sendJson({ id, route: 'gate.ping', body: { t: id } });
    await raw.frame(8);
    const codes = raw.frames.map((f) => (f.frame.ok ? 'ok' : (f.frame.error as { code: string }).code));
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(5);
    expect(codes).toContain('RATE_LIMITED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.sendJson({ id: 9, route: 'gate.ping', body: { t: 9 } });
    expect(await raw.frame(9)).toMatchObject({ frame: { id: 9, ok: true } });
  });

  it('closes a client that keeps flooding with 4002 while others keep working', async () => {
    h = await startHarness({ config: { rateLimitPerSec: 20, rateLimitBurst: 5 } });
    const other = await bystander(h);
    const raw = await h.raw();
    for (let id = 1; id <= 200; id++) raw.sendJson({ id, route: 'gate.ping', body: { t: id } });
    expect((await raw.closed).code).toBe(4002);
    // Burst answered, then RATE_LIMITED until 2 × the rate was refused within the second.
    const limited = raw.frames.filter((f) => !f.frame.ok).length;
    expect(limited).toBeGreaterThanOrEqual(30);
    expect(limited).toBeLessThan(45);
    expect(await other.echo('fine')).toBe('fine');
  });
});

describe('deadlines and dead peers', () => {
  it('closes a connection that does not log in within LOGIN_TIMEOUT_MS with 4001', async () => {
    h = await startHarness({ config: { loginTimeoutMs: 300 } });
    const other = await bystander(h);
    const raw = await h.raw();
    raw.sendJson({ id: 1, route: 'gate.ping', body: { t: 1 } });
    expect((await raw.closed).code).toBe(4001);
    expect(await other.echo('logged in in time')).toBe('logged in in time');
  });

  it('terminates a connection that answers no pings (4005 recorded); ponging ones stay', async () => {
    h = await startHarness({ config: { pingIntervalMs: 120 } });
    const other = await bystander(h);
    const raw = await h.raw({ autoPong: false });
    const closed = await raw.closed;
    expect(closed.code).toBe(1006); // terminated: no close frame
    await expect.poll(async () => (await h!.closeCodes())['4005']).toBe(1);
    expect(await other.echo('alive')).toBe('alive');
    expect(other.state).toBe('open');
  });

  it('terminates a client that stops reading once its buffer passes MAX_BUFFERED_BYTES (4004)', async () => {
    h = await startHarness({ config: { maxBufferedBytes: 64 * 1024 } });
    const other = await bystander(h);
    const raw = await h.raw();
    raw.sendJson({ id: 1, route: 'gate.login', body: { name: 'sleepy' } });
    const login = await raw.frame(1);
    const hall = h.server((login.frame.body as { hall: string }).hall);
    const connId = hall.logins.find((l) => l.name === 'sleepy')!.connId;
    raw.ws.pause(); // stop reading: the kernel buffers fill, then the gate's
    const body = { blob: 'y'.repeat(64 * 1024) };
    for (let i = 0; i < 600 && h.gate.connections === 2; i++) {
      await h.publish(hall.id, 'gate.push', { connIds: [connId], route: 'hall.flood', body });
    }
    await waitFor(() => h!.gate.connections === 1, 5_000, 'the slow client to be dropped');
    expect((await h.closeCodes())['4004']).toBe(1);
    await waitFor(() => hall.disconnected.some((s) => s.connId === connId));
    expect(await other.echo('unaffected')).toBe('unaffected');
  });
});

describe('HTTP on the gate port', () => {
  function get(port: number, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers /healthz and /readyz for load balancers and 426 elsewhere', async () => {
    // Without the web client (WEB_CLIENT=false), which would answer GET / (test/web-client.test.ts).
    h = await startHarness({ config: { webClient: false } });
    expect(await get(h.port, '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect((await get(h.port, '/readyz')).status).toBe(200);
    expect((await get(h.port, '/')).status).toBe(426);
    expect((await get(h.port, '/client.js')).status).toBe(426);
  });

  it('refuses connections past MAX_CONNECTIONS with HTTP 503', async () => {
    h = await startHarness({ config: { maxConnections: 1 } });
    await h.raw();
    await expect(h.raw()).rejects.toThrow(/503/);
  });
});

describe('msgpack strictness', () => {
  it('decodes each frame on its own: a record structure from one frame is unknown to the next', async () => {
    h = await startHarness();
    const raw = await h.raw();
    const other = await h.raw();
    // A sequential packer defines the record structure once and only references it afterwards.
    const sequential = new Packr({ useRecords: true, sequential: true });
    const first = sequential.pack({ id: 1, route: 'gate.ping', body: { t: 1 } });
    const second = sequential.pack({ id: 2, route: 'gate.ping', body: { t: 2 } });
    raw.ws.send(first);
    expect(await raw.frame(1)).toEqual({ kind: 'msgpack', frame: { id: 1, ok: true, body: { t: 1 } } });
    raw.ws.send(second);
    expect(await raw.frame(2)).toMatchObject({ kind: 'msgpack', frame: { route: 'gate.error', body: { code: 'BAD_FRAME' } } });
    other.ws.send(second);
    expect(await other.frame(1)).toMatchObject({ kind: 'msgpack', frame: { route: 'gate.error', body: { code: 'BAD_FRAME' } } });
  });
});
