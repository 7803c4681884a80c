import { afterEach, describe, expect, it } from 'vitest';
import { startSentinelSetup, type SentinelSetup } from './start-sentinel.js';
import { waitUntil } from './wait-until.js';

let setup: SentinelSetup | undefined;
afterEach(async () => {
  await setup?.stop();
  setup = undefined;
});

describe('startSentinelSetup', () => {
  it('starts a monitored master/replica pair and fails over to the replica', { timeout: 40_000 }, async () => {
    setup = await startSentinelSetup();
    const { master, replica, sentinels } = setup;
    expect(sentinels).toHaveLength(3);
    expect(await setup.currentMaster()).toEqual({ host: '127.0.0.1', port: master.port });

    const client = setup.client();
    await client.set('before', '1');
    expect(await client.get('before')).toBe('1');

    await setup.failover();
    expect(master.isRunning()).toBe(false);
    expect(await setup.currentMaster()).toEqual({ host: '127.0.0.1', port: replica.port });
    expect(await replica.client().info('replication')).toMatch(/role:master/);
    // The Sentinel-aware client follows the new master.
    await waitUntil(() => client.set('after', '1').then(() => true), { timeoutMs: 10_000, description: 'a write after failover' });
    expect(await replica.client().get('after')).toBe('1');
  });
});
