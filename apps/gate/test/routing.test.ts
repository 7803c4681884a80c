import { ClientRequestError } from '@hallway/client/node';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function errorOf(promise: Promise<unknown>): Promise<ClientRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ClientRequestError)) throw new Error(`expected an error reply, got ${String(err)}`);
  return err;
}

describe('forwarding', () => {
  it('forwards hall.* to the bound hall, keyed by user id, in JSON and in msgpack', async () => {
    h = await startHarness();
    for (const format of ['json', 'msgpack'] as const) {
      const c = await h.client({ format });
      const { userId, hall } = await c.login({ name: format });
      const body = { text: 'héllo', n: [1, 2.5, null, true], deep: { a: { b: 'c' } } };
      expect(await c.echo(body)).toEqual(body);
      expect(await c.request('hall.whoami')).toEqual({ server: hall, userId, key: userId });
    }
  });

  it('passes the server error code through, and maps a missing handler to UNKNOWN_ROUTE', async () => {
    h = await startHarness();
    const c = await h.client();
    await c.login({ name: 'ann' });
    expect(await errorOf(c.request('hall.fail'))).toMatchObject({ code: 'ROOM_FULL', message: 'the room is full' });
    expect((await errorOf(c.request('hall.nothingHere'))).code).toBe('UNKNOWN_ROUTE');
  });

  it('answers UNKNOWN_ROUTE for other prefixes and unknown gate routes, NOT_BOUND for game.* in the lobby', async () => {
    h = await startHarness();
    const c = await h.client();
    await c.login({ name: 'ann' });
    expect((await errorOf(c.request('chess.move'))).code).toBe('UNKNOWN_ROUTE');
    expect((await errorOf(c.request('gate.nope'))).code).toBe('UNKNOWN_ROUTE');
    expect((await errorOf(c.request('game.whoami'))).code).toBe('NOT_BOUND');
  });

  it('answers TIMEOUT when the hall is too slow', async () => {
    h = await startHarness({ config: { requestTimeoutMs: 150 } });
    const c = await h.client();
    await c.login({ name: 'ann' });
    expect((await errorOf(c.request('hall.slow'))).code).toBe('TIMEOUT');
    // (This player's next request would queue behind the slow one on the hall; another's does not.)
    const d = await h.client();
    await d.login({ name: 'bo' });
    expect(await d.echo('fine')).toBe('fine');
  });

  it('answers SERVER_UNAVAILABLE when the bus is down', async () => {
    h = await startHarness();
    const c = await h.client();
    await c.login({ name: 'ann' });
    h.broker.setAvailable(false);
    try {
      expect((await errorOf(c.echo('x'))).code).toBe('SERVER_UNAVAILABLE');
    } finally {
      h.broker.setAvailable(true);
    }
    expect(await c.echo('back')).toBe('back');
  });
});

describe('frame kinds', () => {
  it('answers each frame in its own kind and pushes in the kind last used', async () => {
    h = await startHarness();
    const raw = await h.raw();
    raw.sendMsgpack({ id: 1, route: 'gate.ping', body: { t: 1 } });
    expect(await raw.frame(1)).toEqual({ kind: 'msgpack', frame: { id: 1, ok: true, body: { t: 1 } } });
    raw.sendJson({ id: 2, route: 'gate.ping', body: { t: 2 } });
    expect(await raw.frame(2)).toEqual({ kind: 'json', frame: { id: 2, ok: true, body: { t: 2 } } });
    raw.sendMsgpack({ id: 3, route: 'gate.login', body: { name: 'raw' } });
    const login = await raw.frame(3);
    expect(login.kind).toBe('msgpack');
    const connId = h.server(String((login.frame.body as { hall: string }).hall)).logins[0]!.connId;
    await h.publish('hall001', 'gate.push', { connIds: [connId], route: 'hall.note', body: { n: 1 } });
    expect(await raw.frame(4)).toEqual({ kind: 'msgpack', frame: { route: 'hall.note', body: { n: 1 } } });
  });
});
