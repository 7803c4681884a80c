import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuntimeEnvSchema, leaseTtlOf } from './config.js';
import { envJson, envPort } from './env-vars.js';
import { ConfigError } from './errors.js';
import { parseEnv, redactUrlPassword } from './parse-env.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv(RuntimeEnvSchema)', () => {
  it('fills every default from an empty environment', () => {
    const config = parseEnv(RuntimeEnvSchema, {});
    expect(config).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_SENTINEL_NAME: 'mymaster',
      BUS: 'redis',
      KEY_PREFIX: 'hallway:',
      CHANNEL_PREFIX: 'channel:',
      HOST: '0.0.0.0',
      HTTP_PORT: 0,
      HEARTBEAT_MS: 1000,
      LEASE_TTL_MS: 3000,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 8000,
    });
  });

  it('coerces numbers, parses sentinels and derives LEASE_TTL_MS from HEARTBEAT_MS', () => {
    const config = parseEnv(RuntimeEnvSchema, {
      HTTP_PORT: '9100',
      HEARTBEAT_MS: '250',
      REDIS_SENTINELS: 'sentinel-1:26379, [::1]:26380',
      SERVER_ID: 'hall007',
      BUS: 'memory',
      UNRELATED: 'x',
    });
    expect(config.HTTP_PORT).toBe(9100);
    expect(config.HEARTBEAT_MS).toBe(250);
    expect(config.LEASE_TTL_MS).toBe(750);
    expect(leaseTtlOf(config)).toBe(750);
    expect(config.REDIS_SENTINELS).toEqual([
      { host: 'sentinel-1', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    expect(config.SERVER_ID).toBe('hall007');
    expect(config.BUS).toBe('memory');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('treats empty values as unset', () => {
    expect(parseEnv(RuntimeEnvSchema, { HTTP_PORT: '', SERVER_ID: '' })).toMatchObject({ HTTP_PORT: 0 });
    expect(parseEnv(RuntimeEnvSchema, { SERVER_ID: '' }).SERVER_ID).toBeUndefined();
  });

  it('names the variable, what is expected and what it got', () => {
    const err = configError(() => parseEnv(RuntimeEnvSchema, { HTTP_PORT: 'abc' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.name).toBe('ConfigError');
    expect(err.message).toContain('HTTP_PORT: expected an integer 0-65535, got "abc"');
    expect(err.issues).toEqual([{ variable: 'HTTP_PORT', message: 'expected an integer 0-65535, got "abc"' }]);
  });

  it('lists every bad variable at once', () => {
    const err = configError(() =>
      parseEnv(RuntimeEnvSchema, {
        HTTP_PORT: '70000',
        HEARTBEAT_MS: '1.5',
        BUS: 'kafka',
        LOG_LEVEL: 'verbose',
        REDIS_URL: 'http://example.com',
        REDIS_SENTINELS: 'nohost',
        SERVER_ID: 'lobby1',
      }),
    );
    expect(err.issues.map((i) => i.variable).sort()).toEqual(
      ['BUS', 'HEARTBEAT_MS', 'HTTP_PORT', 'LOG_LEVEL', 'REDIS_SENTINELS', 'REDIS_URL', 'SERVER_ID'].sort(),
    );
    expect(err.message).toContain('HTTP_PORT: expected an integer 0-65535, got "70000"');
    expect(err.message).toContain('BUS: expected one of "redis", "memory", got "kafka"');
    expect(err.message).toContain('LOG_LEVEL: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"');
    expect(err.message).toContain('REDIS_URL: expected a redis:// or rediss:// URL, got "http://example.com"');
    expect(err.message).toContain('REDIS_SENTINELS: expected a comma-separated list of host:port');
    expect(err.message).toContain('SERVER_ID: expected a server id');
    expect(err.message).toMatch(/HEARTBEAT_MS: expected a duration in milliseconds/);
  });

  it('rejects a lease TTL shorter than two heartbeats', () => {
    const err = configError(() => parseEnv(RuntimeEnvSchema, { HEARTBEAT_MS: '1000', LEASE_TTL_MS: '1500' }));
    expect(err.issues).toHaveLength(1);
    expect(err.message).toMatch(/LEASE_TTL_MS: expected at least 2 × HEARTBEAT_MS \(2000\)/);
    expect(parseEnv(RuntimeEnvSchema, { HEARTBEAT_MS: '1000', LEASE_TTL_MS: '2000' }).LEASE_TTL_MS).toBe(2000);
  });

  it('never shows a password from a URL or a secret variable', () => {
    const schema = RuntimeEnvSchema.extend({ AUTH_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }) });
    const err = configError(() => parseEnv(schema, { REDIS_URL: 'http://user:hunter2@redis:6379', AUTH_SECRET: 'short-secret' }));
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('short-secret');
    expect(err.message).toContain('AUTH_SECRET: expected at least 32 characters, got a value that is not shown (secret)');
    expect(err.message).toContain('"http://user:***@redis:6379"');
  });

  it('works for extended schemas, with their own cross-variable checks', () => {
    const schema = RuntimeEnvSchema.extend({
      GATE_PORT: envPort().default(8000),
      ROUTES: envJson(z.record(z.string(), z.number()), 'an object of numbers').optional(),
    });
    const config = parseEnv(schema, { GATE_PORT: '8001', ROUTES: '{"a":1}' });
    expect(config.GATE_PORT).toBe(8001);
    expect(config.ROUTES).toEqual({ a: 1 });
    expect(config.LEASE_TTL_MS).toBe(3000);

    const err = configError(() => parseEnv(schema, { GATE_PORT: 'x', ROUTES: '{"a":"b"}' }));
    expect(err.message).toContain('GATE_PORT: expected an integer 0-65535, got "x"');
    expect(err.message).toContain('ROUTES: expected an object of numbers (a: ');

    const checked = configError(() =>
      parseEnv(schema, { GATE_PORT: '8001' }, { check: (c) => (c.GATE_PORT === c.HTTP_PORT + 8001 ? [{ variable: 'GATE_PORT', message: 'clash' }] : []) }),
    );
    expect(checked.issues).toEqual([{ variable: 'GATE_PORT', message: 'clash' }]);
  });

  it('reports a required variable that is missing', () => {
    const schema = RuntimeEnvSchema.extend({ AUTH_ISSUER: z.string({ error: 'expected the token issuer' }) });
    const err = configError(() => parseEnv(schema, {}));
    expect(err.message).toContain('AUTH_ISSUER: expected the token issuer, but it is not set');
  });
});

describe('redactUrlPassword', () => {
  it('masks only the password', () => {
    expect(redactUrlPassword('redis://:pw@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrlPassword('rediss://user:pw@host')).toBe('rediss://user:***@host');
    expect(redactUrlPassword('redis://host:6379')).toBe('redis://host:6379');
  });
});
