import { startSentinelSetup, type SentinelSetup } from '@hallway/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/index.js';
import { sleep, testLogger, uniquePrefix, waitFor } from './helpers.js';

describe('RedisBus on Redis Sentinel', () => {
  let setup: SentinelSetup;
  beforeAll(async () => {
    setup = await startSentinelSetup({ downAfterMs: 1000, failoverTimeoutMs: 3000 });
  }, 60_000);
  afterAll(async () => {
    await setup?.stop();
  });

  it('follows a failover and delivers again within 10 s', async () => {
    const prefix = uniquePrefix();
    const redis = { sentinels: [...setup.sentinels], name: setup.masterName };
    const permissions = { hall: ['hall001'], observer: ['observer'] };
    const gate = new RedisBus({ serverId: 'gate001', redis, channelPrefix: prefix, permissions, logger: testLogger });
    const hall = new RedisBus({ serverId: 'hall001', redis, channelPrefix: prefix, permissions, logger: testLogger });
    try {
      await Promise.all([gate.start(), hall.start()]);
      const got: unknown[] = [];
      hall.handle('hall.echo', (b) => got.push(b));
      await gate.publish('hall001', 'hall.echo', 'before');
      await waitFor(() => got.length === 1, 2000, 'delivery before failover');

      const before = await setup.currentMaster();
      const t0 = Date.now();
      await setup.failover();
      const after = await setup.currentMaster();
      expect(after.port).not.toBe(before.port);
      let n = 0;
      await waitFor(
        async () => {
          await gate.publish('hall001', 'hall.echo', n++).catch(() => undefined);
          await sleep(50);
          return got.length > 1;
        },
        10_000,
        'delivery after failover',
      );
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await Promise.all([gate.close(), hall.close()]);
    }
  }, 60_000);
});
