import { RedisBus, type PermissionList } from '@hallway/mq';
import type { GameState, QuickMatchReply } from '@hallway/protocol';
import { RedisStore } from '@hallway/store';
import { startRedis, type RedisHandle } from '@hallway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './cluster.js';

let redis: RedisHandle;
let cluster: TestCluster | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

describe('hall and game on Redis (RedisStore + RedisBus)', () => {
  it('login, chat, whisper, quick match, a game to a win, disconnect and rejoin', async () => {
    const prefix = `t${process.pid}:`;
    cluster = await startCluster({
      store: new RedisStore({ redis: redis.url, keyPrefix: prefix }),
      bus: (serverId: string, permissions: PermissionList) =>
        new RedisBus({ serverId, redis: redis.url, channelPrefix: `${prefix}channel:`, permissions, probeIntervalMs: 500 }),
    });
    const c = cluster;
    const alice = await c.gate.login('hall001', 'alice');
    const bob = await c.gate.login('hall001', 'bob');

    await c.gate.send(alice.session, 'hall.chat', { text: 'hi' });
    expect(await c.gate.next(bob.session, 'hall.chat')).toMatchObject({ text: 'hi', from: { userId: alice.reply.userId } });
    await c.gate.send(bob.session, 'hall.whisper', { to: alice.reply.userId, text: 'psst' });
    expect(await c.gate.next(alice.session, 'hall.whisper')).toMatchObject({ text: 'psst' });

    expect(await c.gate.send(alice.session, 'hall.quickMatch')).toEqual({ status: 'waiting' });
    const matched = await c.gate.send<QuickMatchReply>(bob.session, 'hall.quickMatch');
    expect(matched.status).toBe('matched');
    await c.gate.next(alice.session, 'hall.matched');
    await c.gate.send(alice.session, 'game.move', { cell: 0 });

    // bob drops and comes back with his resume token, into the same room.
    await c.gate.disconnect(bob.session);
    await c.gate.next<GameState>(alice.session, 'game.state', (s) => s.players.some((p) => !p.connected));
    const bob2 = await c.gate.login('hall001', 'bob', { resume: bob.reply.resume });
    expect(bob2.reply.room?.roomId).toBe(matched.status === 'matched' ? matched.room.roomId : undefined);
    await c.gate.next(bob2.session, 'game.state');

    for (const [who, cell] of [
      [bob2.session, 3],
      [alice.session, 1],
      [bob2.session, 4],
    ] as const) {
      await c.gate.send(who, 'game.move', { cell });
    }
    const final = await c.gate.send<GameState>(alice.session, 'game.move', { cell: 2 });
    expect(final).toMatchObject({ status: 'finished', winner: alice.reply.userId, result: 'win' });
    expect(await c.gate.next<GameState>(bob2.session, 'game.state', (s) => s.status === 'finished')).toEqual(final);
    await c.gate.send(bob2.session, 'game.leave');
    expect(c.gate.binding(bob2.session)).toEqual({ game: null, roomId: null });
  });
});
