import { ConfigError } from '@hallway/runtime';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERMISSION_TABLE, parseObserverEnv } from './config.js';

describe('parseObserverEnv', () => {
  it('defaults DEAD_AFTER_MS to 4 heartbeats, the default table and port 8090', () => {
    const config = parseObserverEnv({ HEARTBEAT_MS: '500' });
    expect(config.DEAD_AFTER_MS).toBe(2000);
    expect(config.LEASE_TTL_MS).toBe(1500);
    expect(config.HTTP_PORT).toBe(8090);
    expect(config.PERMISSIONS).toEqual(DEFAULT_PERMISSION_TABLE);
  });

  it('refuses a DEAD_AFTER_MS under two heartbeats', () => {
    expect(() => parseObserverEnv({ HEARTBEAT_MS: '1000', DEAD_AFTER_MS: '1500' })).toThrow(
      /DEAD_AFTER_MS: expected at least 2 × HEARTBEAT_MS \(2000\) so that one late heartbeat never declares a live server dead, got 1500/,
    );
    expect(parseObserverEnv({ HEARTBEAT_MS: '1000', DEAD_AFTER_MS: '2000' }).DEAD_AFTER_MS).toBe(2000);
  });

  it('takes a permission table as JSON and names bad ones', () => {
    expect(parseObserverEnv({ PERMISSIONS: '{"gate":["hall","observer"]}' }).PERMISSIONS).toEqual({ gate: ['hall', 'observer'] });
    for (const bad of ['{"gate":["lobby"]}', '[1]', '{gate']) {
      expect(() => parseObserverEnv({ PERMISSIONS: bad })).toThrow(/PERMISSIONS: expected (JSON: )?a JSON object of server type → server types/);
    }
  });

  it('reports every bad variable at once', () => {
    try {
      parseObserverEnv({ HTTP_PORT: 'abc', DEAD_AFTER_MS: 'soon' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['DEAD_AFTER_MS', 'HTTP_PORT']);
      expect((err as Error).message).toContain('HTTP_PORT: expected an integer 0-65535, got "abc"');
    }
  });
});
