import { ConfigError, parseEnv } from '@hallway/runtime';
import { describe, expect, it } from 'vitest';
import { GameEnvSchema, gameOptionsOf } from './config.js';

describe('GameEnvSchema', () => {
  it('defaults: 30 s rejoin grace, 60 s for finished rooms, any HTTP port', () => {
    const config = parseEnv(GameEnvSchema, {});
    expect(gameOptionsOf(config)).toEqual({ rejoinGraceMs: 30_000, finishedRoomTtlMs: 60_000 });
    expect(config.HTTP_PORT).toBe(0);
  });

  it('reads the variables and names every bad one', () => {
    expect(gameOptionsOf(parseEnv(GameEnvSchema, { REJOIN_GRACE_MS: '5000', FINISHED_ROOM_TTL_MS: '100' }))).toEqual({
      rejoinGraceMs: 5000,
      finishedRoomTtlMs: 100,
    });
    const bad = () => parseEnv(GameEnvSchema, { REJOIN_GRACE_MS: 'soon', FINISHED_ROOM_TTL_MS: '-1' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/REJOIN_GRACE_MS[\s\S]*FINISHED_ROOM_TTL_MS/);
  });
});
