import { MemoryBroker } from '@hallway/mq';
import { MemoryStore } from '@hallway/store';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig, testLogger } from '../test/helpers.js';
import { launchService } from './launch-service.js';
import type { StartedRuntime } from './runtime.js';

const store = new MemoryStore();
const broker = new MemoryBroker();
const started: StartedRuntime[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.shutdown('test over')));
});

function launch(start: () => Promise<unknown>, onRuntime?: (r: StartedRuntime) => void) {
  return launchService({
    type: 'hall',
    config: testConfig(),
    logger: testLogger,
    memory: { broker, store },
    create: (rt) => {
      onRuntime?.(rt);
      return { start };
    },
    onFatal: () => undefined,
  });
}

describe('launchService', () => {
  it('starts the runtime, then the app on it', async () => {
    let startedOn: string | undefined;
    const runtime = await launch(async () => undefined, (rt) => (startedOn = rt.serverId));
    started.push(runtime);
    expect(startedOn).toBe(runtime.serverId);
    expect(runtime.state).toBe('running');
  });

  it('gives the id lease back at once when the app fails to start, and rethrows', async () => {
    let failed: StartedRuntime | undefined;
    await expect(launch(() => Promise.reject(new Error('no port')), (rt) => (failed = rt))).rejects.toThrow('no port');
    expect(failed?.state).toBe('stopped');
    // The id is free again for the next replica, without waiting for the lease TTL.
    const next = await launch(async () => undefined);
    started.push(next);
    expect(next.serverId).toBe(failed?.serverId);
  });
});
