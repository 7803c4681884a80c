import { ClientRequestError, type HallwayClient } from '@hallway/client/node';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ClientRequestError)) throw new Error(`expected an error reply, got ${String(err)}`);
  return err.code;
}

const SECRET = 'a-test-secret-that-is-32-bytes-long!';
const key = new TextEncoder().encode(SECRET);
function token(sub: string, expiresIn: string | number = '1h', alg = 'HS256'): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

describe('gate.login as a guest', () => {
  it('logs in through a hall and binds the connection to it', async () => {
    h = await startHarness();
    const c = await h.client();
    const reply = await c.login({ name: 'ann' });
    expect(['hall001', 'hall002']).toContain(reply.hall);
    expect(reply).toMatchObject({ name: 'ann', resume: `r-${reply.userId}` });
    const hall = h.server(reply.hall);
    expect(hall.logins).toEqual([{ gate: 'gate001', connId: expect.any(String), name: 'ann' }]);
    expect(await c.echo({ x: 1 })).toEqual({ x: 1 });
    expect(hall.forwarded[0]?.session).toEqual({ gate: 'gate001', connId: hall.logins[0]?.connId, userId: reply.userId, name: 'ann' });
    expect(h.gate.sessions).toBe(1);
  });

  it('passes the resume token to the hall, which restores the user', async () => {
    h = await startHarness();
    const c = await h.client();
    const reply = await c.login({ name: 'bo', resume: 'r-g-old-7' });
    expect(reply.userId).toBe('g-old-7');
    expect(h.server(reply.hall).logins[0]?.resume).toBe('r-g-old-7');
  });

  it('answers gate.ping before login but nothing else', async () => {
    h = await startHarness();
    const c = await h.client();
    expect(await c.request('gate.ping', { t: 42 })).toEqual({ t: 42 });
    expect(await codeOf(c.echo('x'))).toBe('NOT_LOGGED_IN');
    expect(await codeOf(c.request('game.move', { cell: 1 }))).toBe('NOT_LOGGED_IN');
    expect(await codeOf(c.request('gate.logout'))).toBe('NOT_LOGGED_IN');
    expect(await codeOf(c.request('gate.ping', { t: 'no' }))).toBe('BAD_REQUEST');
  });

  it('refuses a second login, a bad body and logins without a hall', async () => {
    h = await startHarness();
    const c = await h.client();
    expect(await codeOf(c.request('gate.login', { name: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(c.request('gate.login', { name: 'x'.repeat(40) }))).toBe('BAD_REQUEST');
    await c.login({ name: 'cy' });
    expect(await codeOf(c.request('gate.login', { name: 'cy' }))).toBe('ALREADY_LOGGED_IN');

    h.setCluster(['game001']);
    const d = await h.client();
    expect(await codeOf(d.login({ name: 'di' }))).toBe('SERVER_UNAVAILABLE');
  });

  it('puts a returning player back into the room the hall names', async () => {
    h = await startHarness({ servers: ['hall001', 'game001'] });
    h.server('hall001').rejoin = { roomId: 'room-9', game: 'game001' };
    const c = await h.client();
    const reply = await c.login({ name: 'eve' });
    expect(reply.room).toEqual({ roomId: 'room-9', game: 'game001' });
    expect(await c.request('game.whoami')).toEqual({ server: 'game001', userId: reply.userId, key: 'room-9' });
  });
});

describe('messages for a player whose login is in flight', () => {
  it('are held and delivered after the login reply, the binding in force', async () => {
    h = await startHarness({ servers: ['hall001', 'game001'] });
    h.server('hall001').duringLogin = { game: 'game001', roomId: 'room-3', route: 'game.state', body: { turn: 1 } };
    const raw = await h.raw();
    raw.sendJson({ id: 1, route: 'gate.login', body: { name: 'early' } });
    const reply = await raw.frame(1);
    expect(reply.frame).toMatchObject({ id: 1, ok: true, body: { name: 'early' } });
    expect(await raw.frame(2)).toEqual({ kind: 'json', frame: { route: 'game.state', body: { turn: 1 } } });
    raw.sendJson({ id: 2, route: 'game.whoami' });
    expect((await raw.frame(3)).frame).toMatchObject({ id: 2, ok: true, body: { server: 'game001', key: 'room-3' } });
  });
});

describe('gate.login with AUTH_SECRET', () => {
  it('accepts a valid HS256 token and logs in as its sub', async () => {
    h = await startHarness({ config: { authSecret: SECRET } });
    const c = await h.client();
    const reply = await c.login({ name: 'ann', token: await token('user-42') });
    expect(reply.userId).toBe('user-42');
    expect(h.server(reply.hall).logins[0]).toMatchObject({ userId: 'user-42', name: 'ann' });
  });

  it('refuses missing, forged, expired and non-HS256 tokens with AUTH_FAILED', async () => {
    h = await startHarness({ config: { authSecret: SECRET } });
    const c = await h.client();
    expect(await codeOf(c.login({ name: 'a' }))).toBe('AUTH_FAILED');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(new TextEncoder().encode('other-secret'));
    expect(await codeOf(c.login({ name: 'a', token: forged }))).toBe('AUTH_FAILED');
    const expired = await token('u', Math.floor(Date.now() / 1000) - 60);
    const err = await c.login({ name: 'a', token: expired }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', message: 'the token has expired' });
    expect(await codeOf(c.login({ name: 'a', token: await token('u', '1h', 'HS512') }))).toBe('AUTH_FAILED');
    expect(await codeOf(c.login({ name: 'a', token: 'not.a.jwt' }))).toBe('AUTH_FAILED');
    // An unsigned token ("alg": "none") is refused too.
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u"}').toString('base64url')}.`;
    expect(await codeOf(c.login({ name: 'a', token: none }))).toBe('AUTH_FAILED');
    // None of it reached a hall, and the connection can still log in properly.
    expect(h.server('hall001').logins.length + h.server('hall002').logins.length).toBe(0);
    expect((await c.login({ name: 'a', token: await token('u-ok') })).userId).toBe('u-ok');
  });
});

describe('leaving', () => {
  async function loggedIn(harness: Harness, name: string): Promise<{ c: HallwayClient; hall: string; userId: string }> {
    const c = await harness.client();
    const r = await c.login({ name });
    return { c, hall: r.hall, userId: r.userId };
  }

  it('gate.logout closes with 1000 and tells the hall', async () => {
    h = await startHarness();
    const { c, hall, userId } = await loggedIn(h, 'ann');
    const closed = new Promise((resolve) => c.onClose(resolve));
    await c.logout();
    expect(await closed).toMatchObject({ code: 1000 });
    const server = h.server(hall);
    await waitFor(() => server.disconnected.length === 1);
    expect(server.disconnected[0]).toMatchObject({ gate: 'gate001', userId, name: 'ann' });
    expect(h.gate.sessions).toBe(0);
  });

  it('a dropped connection is announced to its hall with hall.disconnected', async () => {
    h = await startHarness();
    const { c, hall, userId } = await loggedIn(h, 'bo');
    await c.close();
    await waitFor(() => h!.server(hall).disconnected.length === 1);
    expect(h.server(hall).disconnected[0]?.userId).toBe(userId);
    await waitFor(() => h!.gate.connections === 0);
  });
});
