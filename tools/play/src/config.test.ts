import { describe, expect, it } from 'vitest';
import { DEFAULT_URL, parseArgs } from './config.js';

describe('parseArgs', () => {
  it('defaults the url, and takes the name from $USER', () => {
    expect(parseArgs([], { USER: 'ann' })).toEqual({ kind: 'run', config: { url: DEFAULT_URL, name: 'ann', token: undefined } });
    expect(parseArgs([], {})).toMatchObject({ config: { name: 'player' } });
  });

  it('reads --url and --name, separated or with =, over the environment', () => {
    const env = { HALLWAY_URL: 'ws://env:1', HALLWAY_NAME: 'envname', USER: 'u' };
    expect(parseArgs([], env)).toMatchObject({ config: { url: 'ws://env:1', name: 'envname' } });
    expect(parseArgs(['--url', 'wss://play.example.com/', '--name=alice'], env)).toMatchObject({
      config: { url: 'wss://play.example.com/', name: 'alice' },
    });
    expect(parseArgs(['--', '--name', 'bob'], env)).toMatchObject({ config: { name: 'bob' } });
  });

  it('takes the token from the environment only', () => {
    expect(parseArgs([], { HALLWAY_TOKEN: 'jwt' })).toMatchObject({ config: { token: 'jwt' } });
    expect(parseArgs(['--token', 'jwt'], {})).toEqual({ kind: 'error', message: 'unknown argument "--token"' });
  });

  it('asks for help, and refuses what cannot work', () => {
    expect(parseArgs(['--name', 'x', '-h'], {})).toEqual({ kind: 'help' });
    expect(parseArgs(['--url'], {})).toEqual({ kind: 'error', message: '--url needs a value' });
    expect(parseArgs(['--url', 'http://x'], {})).toMatchObject({ kind: 'error' });
    expect(parseArgs(['--name', 'x'.repeat(33)], {})).toMatchObject({ kind: 'error' });
    expect(parseArgs(['--name', '  '], {})).toMatchObject({ kind: 'error' });
  });
});
