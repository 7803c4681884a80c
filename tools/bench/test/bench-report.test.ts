import { describe, expect, it } from 'vitest';
import type { LoadTestResult } from '@hallway/loadtest';
import { ratios, spreadOf, targets } from '../src/bench-report.js';
import type { ScenarioRun } from '../src/scenarios.js';

function run(scenario: ScenarioRun['scenario'], system: ScenarioRun['system'], round: number, fields: Partial<ScenarioRun>): ScenarioRun {
  return { scenario, system, round, msgsPerSec: 0, p50: 0, p99: 0, errors: 0, ok: 1, serverCpuUsPerMsg: 0, extra: {}, load: {} as LoadTestResult, ...fields };
}

describe('spreadOf', () => {
  it('gives the median (even and odd counts) and the range', () => {
    expect(spreadOf([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    expect(spreadOf([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });
});

describe('ratios and targets', () => {
  const runs = [
    // Round by round: hallway 2×, 1.2× and 1.6× the baseline's throughput.
    run('echo-max', 'hallway', 1, { msgsPerSec: 200 }),
    run('echo-max', 'baseline', 1, { msgsPerSec: 100 }),
    run('echo-max', 'socketio', 1, { msgsPerSec: 50 }),
    run('echo-max', 'hallway', 2, { msgsPerSec: 120 }),
    run('echo-max', 'baseline', 2, { msgsPerSec: 100 }),
    run('echo-max', 'socketio', 2, { msgsPerSec: 100 }),
    run('echo-max', 'hallway', 3, { msgsPerSec: 160 }),
    run('echo-max', 'baseline', 3, { msgsPerSec: 100 }),
    run('echo-max', 'socketio', 3, { msgsPerSec: 100 }),
    run('echo-2000', 'hallway', 1, { p99: 4 }),
    run('echo-2000', 'baseline', 1, { p99: 5 }),
    run('idle', 'hallway', 1, { extra: { rssBytesPerConn: 12_000, heapBytesPerConn: 3_000 } }),
  ];

  it('pairs runs by round: hallway ÷ other, with median and spread', () => {
    const rows = ratios(runs);
    const tput = rows.find((r) => r.scenario === 'echo-max' && r.versus === 'baseline' && r.metric === 'msgs/s');
    expect(tput?.ratio.values).toEqual([2, 1.2, 1.6]);
    expect(tput?.ratio.median).toBeCloseTo(1.6);
    const p99 = rows.find((r) => r.scenario === 'echo-2000' && r.versus === 'baseline');
    expect(p99).toMatchObject({ metric: 'p99' });
    expect(p99?.ratio.median).toBeCloseTo(0.8);
  });

  it('judges each target from the figures, not from a fixed answer', () => {
    const t = targets(runs, ratios(runs));
    expect(t.map((x) => x.status)).toEqual(['PASS', 'PASS', 'MISS', 'MISS']);
    // The same data with one bad round below 1.0× fails the "never below" clause.
    const worse = runs.map((r) => (r.scenario === 'echo-max' && r.system === 'hallway' && r.round === 2 ? { ...r, msgsPerSec: 90 } : r));
    expect(targets(worse, ratios(worse))[0]?.status).toBe('MISS');
  });

  it('says n/a for targets whose scenario did not run', () => {
    const only = runs.filter((r) => r.scenario === 'idle');
    expect(targets(only, ratios(only)).map((x) => x.status)).toEqual(['n/a', 'n/a', 'n/a', 'MISS']);
  });
});
