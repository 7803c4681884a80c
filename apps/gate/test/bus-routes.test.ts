import { ClientRequestError, type HallwayClient } from '@hallway/client/node';
import { afterEach, describe, expect, it } from 'vitest';
import { nextPush, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Player {
  c: HallwayClient;
  userId: string;
  hall: string;
  connId: string;
  pushes: { route: string; body: unknown }[];
}

async function player(harness: Harness, name: string, format: 'json' | 'msgpack' = 'json'): Promise<Player> {
  const c = await harness.client({ format });
  const pushes: Player['pushes'] = [];
  c.onPush((route, body) => pushes.push({ route, body }));
  const { userId, hall } = await c.login({ name });
  const login = harness.server(hall).logins.find((l) => l.name === name);
  if (!login) throw new Error('login not recorded');
  return { c, userId, hall, connId: login.connId, pushes };
}

describe('bus routes on the gate channel', () => {
  it('gate.push reaches exactly the listed connections; unknown ids are ignored', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    const b = await player(h, 'b', 'msgpack');
    const c = await player(h, 'c');
    await h.publish('hall001', 'gate.push', { connIds: [a.connId, b.connId, 'gone.42'], route: 'hall.whisper', body: { text: 'psst' } });
    await waitFor(() => a.pushes.length === 1 && b.pushes.length === 1);
    expect(a.pushes).toEqual([{ route: 'hall.whisper', body: { text: 'psst' } }]);
    expect(b.pushes).toEqual(a.pushes);
    await c.c.ping(); // pushes and replies share one ordered socket: had c got one, it would be here
    expect(c.pushes).toEqual([]);
  });

  it('gate.broadcast reaches everyone (all) or only players not in a game (lobby)', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    const b = await player(h, 'b');
    await h.publish('hall001', 'gate.bind', { connId: b.connId, userId: b.userId, game: 'game001', roomId: 'r1' });
    await waitFor(() => h!.gate.sessions === 2);
    await h.publish('hall002', 'gate.broadcast', { route: 'hall.chat', body: { text: 'lobby only' }, scope: 'lobby' });
    await h.publish('hall002', 'gate.broadcast', { route: 'hall.notice', body: { text: 'everyone' }, scope: 'all' });
    await waitFor(() => a.pushes.length === 2 && b.pushes.length === 1);
    expect(a.pushes.map((p) => p.route)).toEqual(['hall.chat', 'hall.notice']);
    expect(b.pushes).toEqual([{ route: 'hall.notice', body: { text: 'everyone' } }]);
  });

  it('gate.bind routes game.* to the game server by room, delivers its push after binding, and unbinds', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    const matched = nextPush(a.c, 'hall.matched');
    await h.publish('hall001', 'gate.bind', {
      connId: a.connId,
      userId: a.userId,
      game: 'game001',
      roomId: 'room-1',
      push: { route: 'hall.matched', body: { roomId: 'room-1' } },
    });
    expect(await matched).toEqual({ roomId: 'room-1' });
    // The push came after the binding took effect: game.* works at once.
    expect(await a.c.request('game.whoami')).toEqual({ server: 'game001', userId: a.userId, key: 'room-1' });
    expect(h.server('game001').forwarded[0]?.session.connId).toBe(a.connId);

    await h.publish('hall001', 'gate.bind', { connId: a.connId, userId: a.userId, game: null, roomId: null });
    await expect
      .poll(() => a.c.request('game.whoami').catch((e: unknown) => (e instanceof ClientRequestError ? e.code : e)))
      .toBe('NOT_BOUND');
  });

  it('ignores a gate.bind for another user on that connection', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    await h.publish('hall001', 'gate.bind', { connId: a.connId, userId: 'someone-else', game: 'game001', roomId: 'r' });
    await h.publish('hall001', 'gate.push', { connIds: [a.connId], route: 'hall.marker', body: {} });
    await waitFor(() => a.pushes.length === 1);
    await expect(a.c.request('game.whoami')).rejects.toMatchObject({ code: 'NOT_BOUND' });
  });

  it('gate.kick pushes gate.kicked and closes with the given code', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    const b = await player(h, 'b');
    const closed = new Promise((resolve) => a.c.onClose(resolve));
    await h.publish('hall001', 'gate.kick', { connId: a.connId, code: 4000, reason: 'logged in elsewhere' });
    expect(await closed).toMatchObject({ code: 4000, reason: 'logged in elsewhere' });
    expect(a.pushes).toEqual([{ route: 'gate.kicked', body: { code: 4000, reason: 'logged in elsewhere' } }]);
    expect(await b.c.echo('unaffected')).toBe('unaffected');
    expect((await h.closeCodes())['4000']).toBe(1);
  });

  it('drops malformed bus messages without harm', async () => {
    h = await startHarness();
    const a = await player(h, 'a');
    await h.publish('hall001', 'gate.push', { connIds: 'nope' });
    await h.publish('hall001', 'gate.broadcast', { route: 'hall.chat', body: {}, scope: 'galaxy' });
    await h.publish('hall001', 'gate.bind', { connId: a.connId });
    await h.publish('hall001', 'gate.kick', { connId: a.connId, code: 'x' });
    await h.publish('hall001', 'gate.push', { connIds: [a.connId], route: 'hall.ok', body: 1 });
    await waitFor(() => a.pushes.length === 1);
    expect(a.pushes).toEqual([{ route: 'hall.ok', body: 1 }]);
    expect(await a.c.echo('alive')).toBe('alive');
  });
});
