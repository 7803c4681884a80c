import { ClientRequestError, type HallwayClient } from '@hallway/client/node';
import { afterEach, describe, expect, it } from 'vitest';
import { nextPush, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function whoami(c: HallwayClient): Promise<string> {
  return ((await c.request('hall.whoami')) as { server: string }).server;
}

describe('rebinding when the cluster changes', () => {
  it('moves players of a removed hall to a live one without reconnecting', async () => {
    h = await startHarness({ servers: ['hall001', 'hall002', 'hall003', 'game001'] });
    const clients: { c: HallwayClient; hall: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await h.client();
      clients.push({ c, hall: (await c.login({ name: `p${i}` })).hall });
    }
    const victim = clients[0]!.hall;
    const moved = clients.filter((x) => x.hall === victim);
    const stayed = clients.filter((x) => x.hall !== victim);
    const rebounds = moved.map((x) => nextPush<{ hall: string; previous: string }>(x.c, 'gate.rebound'));
    h.setCluster(['hall001', 'hall002', 'hall003', 'game001'].filter((id) => id !== victim));
    for (const [i, push] of (await Promise.all(rebounds)).entries()) {
      expect(push.previous).toBe(victim);
      expect(push.hall).not.toBe(victim);
      expect(await whoami(moved[i]!.c)).toBe(push.hall);
    }
    // Everyone else stays where they were (and got no push).
    for (const x of stayed) expect(await whoami(x.c)).toBe(x.hall);
    for (const x of clients) expect(x.c.state).toBe('open');
  });

  it('binds a login to a live hall when its hall left the cluster while logging it in', async () => {
    h = await startHarness({ servers: ['hall001', 'hall002'] });
    h.setCluster(['hall001']);
    h.server('hall001').loginDelayMs = 200;
    const c = await h.client();
    const login = c.login({ name: 'late' });
    await waitFor(() => h!.server('hall001').logins.length === 1); // the hall is working on it
    h.setCluster(['hall002']);
    expect((await login).hall).toBe('hall002');
    expect(await whoami(c)).toBe('hall002');
  });

  it('keeps players without a hall until one appears', async () => {
    h = await startHarness({ servers: ['hall001', 'hall002', 'game001'] });
    h.setCluster(['hall001', 'game001']);
    const c = await h.client();
    await c.login({ name: 'solo' });
    h.setCluster(['game001']);
    const err = await c.echo('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientRequestError);
    expect((err as ClientRequestError).code).toBe('SERVER_UNAVAILABLE');
    const rebound = nextPush(c, 'gate.rebound');
    h.setCluster(['hall002', 'game001']);
    expect(await rebound).toEqual({ hall: 'hall002', previous: 'hall001' });
    expect(await whoami(c)).toBe('hall002');
  });

  it('sends players of a removed game server back to the lobby with game.left', async () => {
    h = await startHarness();
    const c = await h.client();
    const { userId } = await c.login({ name: 'gamer' });
    const connId = [...h.servers.values()].flatMap((s) => s.logins)[0]!.connId;
    await h.publish('hall001', 'gate.bind', { connId, userId, game: 'game001', roomId: 'room-7' });
    await expect.poll(() => c.request('game.whoami').then(() => true, () => false)).toBe(true);
    const left = nextPush(c, 'game.left');
    h.setCluster(['hall001', 'hall002']);
    expect(await left).toEqual({ roomId: 'room-7', reason: 'server_down' });
    await expect(c.request('game.whoami')).rejects.toMatchObject({ code: 'NOT_BOUND' });
    expect(await c.echo('lobby')).toBe('lobby');
  });
});
