import { describe, expect, it } from 'vitest';
import { parseLocalClusterArgs } from './config.js';
import { UsageError } from './errors.js';

const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseLocalClusterArgs(argv, env);
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.config;
};

describe('parseLocalClusterArgs', () => {
  it('defaults to observer on 8090, one gate on 8000, two halls, two games', () => {
    expect(run([])).toMatchObject({ GATES: 1, HALLS: 2, GAMES: 2, GATE_PORT: 8000, OBSERVER_PORT: 8090, LOG_LEVEL: 'info' });
    expect(run([]).BUS).toBeUndefined();
    expect(run([]).REDIS_URL).toBeUndefined();
  });

  it('reads flags, in both spellings, and they win over the environment', () => {
    const config = run(['--halls', '3', '--games=4', '--gates', '2', '--gate-port', '9000', '--observer-port=9100', '--log-level', 'warn'], {
      HALLS: '5',
      GATE_PORT: '7000',
    });
    expect(config).toMatchObject({ HALLS: 3, GAMES: 4, GATES: 2, GATE_PORT: 9000, OBSERVER_PORT: 9100, LOG_LEVEL: 'warn' });
  });

  it('reads the environment', () => {
    const config = run([], { HALLS: '1', GAMES: '3', GATE_PORT: '8100', OBSERVER_PORT: '8190', REDIS_URL: 'redis://h:6380/2', BUS: 'memory' });
    expect(config).toMatchObject({ HALLS: 1, GAMES: 3, GATE_PORT: 8100, OBSERVER_PORT: 8190, REDIS_URL: 'redis://h:6380/2', BUS: 'memory' });
  });

  it('--memory asks for the in-memory bus, --redis-url for an existing Redis', () => {
    expect(run(['--memory']).BUS).toBe('memory');
    expect(run(['--redis-url', 'redis://127.0.0.1:7000']).REDIS_URL).toBe('redis://127.0.0.1:7000');
  });

  it('answers --help and -h', () => {
    expect(parseLocalClusterArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseLocalClusterArgs(['-h'], {})).toEqual({ kind: 'help' });
  });

  it('names every bad option with its flag and variable', () => {
    let error: unknown;
    try {
      parseLocalClusterArgs(['--halls', '0', '--gate-port', 'x'], { REDIS_URL: 'http://nope' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain('--halls / HALLS: expected an integer 1-32, got "0"');
    expect(message).toContain('--gate-port / GATE_PORT: expected a port 1-65535, got "x"');
    expect(message).toContain('--redis-url / REDIS_URL: expected a redis:// or rediss:// URL');
    expect(message).toContain('usage: pnpm start');
  });

  it('refuses unknown flags and positionals', () => {
    expect(() => parseLocalClusterArgs(['--hals', '3'], {})).toThrow(/Unknown option '--hals'/);
    expect(() => parseLocalClusterArgs(['hall'], {})).toThrow(UsageError);
  });

  it('refuses an observer port among the gates\' ports, and gates past 65535', () => {
    expect(() => run(['--gates', '3', '--gate-port', '8000', '--observer-port', '8002'])).toThrow(/OBSERVER_PORT: 8002 is one of the gates' ports \(8000-8002\)/);
    expect(() => run(['--gates', '2', '--gate-port', '65535'])).toThrow(/2 gates from port 65535 go past 65535/);
  });
});
