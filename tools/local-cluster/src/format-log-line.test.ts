import { describe, expect, it } from 'vitest';
import { formatLogLine } from './format-log-line.js';

const time = new Date(2030, 0, 2, 3, 4, 5, 67).toISOString();

describe('formatLogLine', () => {
  it('turns a pino line into time, level, component, message and the remaining fields', () => {
    const raw = JSON.stringify({ level: 'info', time, pid: 1, hostname: 'h', name: 'hall', serverId: 'hall001', epoch: 3, component: 'heartbeat', msg: 'registered', servers: 3, note: 'a b' });
    expect(formatLogLine(raw, { color: false, ownServerId: 'hall001' })).toBe('03:04:05.067 INFO  [heartbeat] registered  servers=3 note="a b"');
  });

  it("shows a serverId that is not the process's own", () => {
    const raw = JSON.stringify({ level: 'info', time, serverId: 'hall002', msg: 'server joined' });
    expect(formatLogLine(raw, { color: false, ownServerId: 'observer' })).toBe('03:04:05.067 INFO  server joined  serverId=hall002');
  });

  it('summarises errors, with the stack for error and fatal lines', () => {
    const err = { type: 'LeaseLostError', message: 'lease lost', code: 'LEASE_LOST', stack: 'LeaseLostError: lease lost\n    at renew (x.js:1:1)' };
    const warn = formatLogLine(JSON.stringify({ level: 'warn', time, msg: 'oops', err }), { color: false });
    expect(warn).toBe('03:04:05.067 WARN  oops  err="LeaseLostError: lease lost (LEASE_LOST)"');
    const fatal = formatLogLine(JSON.stringify({ level: 60, time, msg: 'cannot go on', err }), { color: false });
    expect(fatal.split('\n')).toEqual(['03:04:05.067 FATAL cannot go on  err="LeaseLostError: lease lost (LEASE_LOST)"', '    at renew (x.js:1:1)']);
  });

  it('keeps lines that are not JSON objects as they are', () => {
    for (const raw of ['hall: invalid configuration', '{not json', '[1,2]', '   at foo (bar.js:1:1)']) {
      expect(formatLogLine(raw, { color: true })).toBe(raw);
    }
  });

  it('colours the level when asked, and only then', () => {
    const raw = JSON.stringify({ level: 'error', time, msg: 'boom' });
    expect(formatLogLine(raw, { color: true })).toContain('\u001b[31mERROR\u001b[0m');
    expect(formatLogLine(raw, { color: false })).not.toContain('\u001b[');
  });

  it('cuts very long values', () => {
    const line = formatLogLine(JSON.stringify({ level: 'info', time, msg: 'm', big: 'x'.repeat(1000) }), { color: false });
    expect(line.length).toBeLessThan(300);
    expect(line).toMatch(/x…$/);
  });
});
