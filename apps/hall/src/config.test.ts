import { ConfigError, parseEnv } from '@hallway/runtime';
import { describe, expect, it } from 'vitest';
import { HallEnvSchema, hallOptionsOf } from './config.js';

describe('HallEnvSchema', () => {
  it('defaults: 1 h resume tokens, 60 s in the queue, 3 s for game servers, any HTTP port', () => {
    const config = parseEnv(HallEnvSchema, {});
    expect(hallOptionsOf(config)).toEqual({ resumeTtlMs: 3_600_000, quickMatchTtlMs: 60_000, gameRequestTimeoutMs: 3_000 });
    expect(config.HTTP_PORT).toBe(0);
  });

  it('reads the variables and names every bad one', () => {
    expect(hallOptionsOf(parseEnv(HallEnvSchema, { RESUME_TTL_MS: '60000', QUICK_MATCH_TTL_MS: '5000', GAME_REQUEST_TIMEOUT_MS: '1000' }))).toEqual({
      resumeTtlMs: 60_000,
      quickMatchTtlMs: 5_000,
      gameRequestTimeoutMs: 1_000,
    });
    const bad = () => parseEnv(HallEnvSchema, { RESUME_TTL_MS: '1', GAME_REQUEST_TIMEOUT_MS: 'x' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/RESUME_TTL_MS[\s\S]*GAME_REQUEST_TIMEOUT_MS/);
  });
});
