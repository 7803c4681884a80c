import { afterEach, describe, expect, it } from 'vitest';
import { nextPush, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('@hallway/client against the gate', () => {
  it('reconnects after a drop and logs in again with its resume token: same user, same room', async () => {
    h = await startHarness({ servers: ['hall001', 'game001'] });
    const c = await h.client({ format: 'msgpack', reconnect: { enabled: true, minDelayMs: 10, maxDelayMs: 50 } });
    const first = await c.login({ name: 'phoenix' });
    const hall = h.server('hall001');
    const connId = hall.logins[0]!.connId;
    // The hall will put the returning player back into their room.
    hall.rejoin = { roomId: 'room-5', game: 'game001' };
    const reconnected = nextPush<{ login: { userId: string; room?: unknown } }>(c, 'reconnected');
    // 1012 "service restart": a close a client should come back from.
    await h.publish('hall001', 'gate.kick', { connId, code: 1012, reason: 'restarting' });
    const { login } = await reconnected;
    expect(login.userId).toBe(first.userId);
    expect(login.room).toEqual({ roomId: 'room-5', game: 'game001' });
    expect(hall.logins[1]).toMatchObject({ name: 'phoenix', resume: first.resume });
    expect(hall.logins[1]!.connId).not.toBe(connId);
    expect(await c.request('game.whoami')).toEqual({ server: 'game001', userId: first.userId, key: 'room-5' });
    expect(hall.disconnected.map((d) => d.connId)).toContain(connId);
  });
});
