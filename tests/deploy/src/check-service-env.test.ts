import { describe, expect, it } from 'vitest';
import { checkServiceEnv } from './check-service-env.js';

describe('checkServiceEnv', () => {
  it("accepts an environment the app's schema accepts", () => {
    expect(checkServiceEnv('gate', { REDIS_URL: 'redis://redis:6379', GATE_PORT: '8000', HTTP_PORT: '9100', NODE_ENV: 'production' })).toEqual([]);
    expect(checkServiceEnv('observer', { REDIS_URL: 'redis://redis:6379', DEAD_AFTER_MS: '4000' })).toEqual([]);
  });

  it("reports bad values with the app's own messages, and variables the app does not read", () => {
    expect(checkServiceEnv('hall', { REDIS_URL: 'http://redis', HEARTBEAT_SM: '100', GATE_PORT: '8000' })).toEqual([
      'HEARTBEAT_SM is not a variable the hall reads',
      'GATE_PORT is not a variable the hall reads',
      'REDIS_URL: expected a redis:// or rediss:// URL, got "http://redis"',
    ]);
    // The observer's cross-variable rule runs too.
    expect(checkServiceEnv('observer', { HEARTBEAT_MS: '1000', DEAD_AFTER_MS: '1500' }).join('\n')).toMatch(/DEAD_AFTER_MS: expected at least 2 × HEARTBEAT_MS/);
    expect(checkServiceEnv('game', { REJOIN_GRACE_MS: 'soon' }).join('\n')).toMatch(/REJOIN_GRACE_MS: expected a duration in milliseconds/);
  });
});
