import { ConfigError, parseEnv } from '@hallway/runtime';
import { describe, expect, it } from 'vitest';
import { GateEnvSchema, gateConfigOf } from './config.js';
import { DEFAULT_GATE_CONFIG } from './gate-config.js';

describe('GateEnvSchema', () => {
  it('fills the documented defaults', () => {
    const config = gateConfigOf(parseEnv(GateEnvSchema, {}));
    expect(config).toEqual({ ...DEFAULT_GATE_CONFIG, authSecret: undefined, publicUrl: undefined });
    expect(config).toMatchObject({
      port: 8000,
      maxFrameBytes: 65536,
      rateLimitPerSec: 50,
      loginTimeoutMs: 10000,
      pingIntervalMs: 15000,
      maxBufferedBytes: 1048576,
      requestTimeoutMs: 5000,
    });
  });

  it('reads every variable and treats an empty AUTH_SECRET as unset', () => {
    const env = parseEnv(GateEnvSchema, {
      GATE_PORT: '9001',
      AUTH_SECRET: '',
      RATE_LIMIT_PER_SEC: '5',
      PUBLIC_URL: 'wss://play.example.com/',
    });
    expect(gateConfigOf(env)).toMatchObject({ port: 9001, authSecret: undefined, rateLimitPerSec: 5, publicUrl: 'wss://play.example.com/' });
  });

  it('serves the web client unless WEB_CLIENT is false', () => {
    expect(gateConfigOf(parseEnv(GateEnvSchema, {})).webClient).toBe(true);
    expect(gateConfigOf(parseEnv(GateEnvSchema, { WEB_CLIENT: 'false' })).webClient).toBe(false);
    expect(gateConfigOf(parseEnv(GateEnvSchema, { WEB_CLIENT: '0' })).webClient).toBe(false);
    expect(gateConfigOf(parseEnv(GateEnvSchema, { WEB_CLIENT: 'yes' })).webClient).toBe(true);
    expect(() => parseEnv(GateEnvSchema, { WEB_CLIENT: 'maybe' })).toThrow(/WEB_CLIENT: expected true or false/);
  });

  it('names each bad variable', () => {
    let error: unknown;
    try {
      parseEnv(GateEnvSchema, { GATE_PORT: 'eighty', MAX_FRAME_BYTES: '1', PUBLIC_URL: 'http://x', RATE_LIMIT_BURST: '0', WEB_CLIENT: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(variables).toEqual(['GATE_PORT', 'MAX_FRAME_BYTES', 'PUBLIC_URL', 'RATE_LIMIT_BURST', 'WEB_CLIENT']);
  });
});
