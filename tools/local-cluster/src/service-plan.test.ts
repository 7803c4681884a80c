import { describe, expect, it } from 'vitest';
import { baseServiceEnv, planServices } from './service-plan.js';

describe('planServices', () => {
  it('puts the observer first on its port, gates on consecutive ports, everyone else on HTTP_PORT 0', () => {
    const plans = planServices({ gates: 2, halls: 2, games: 1, gatePort: 8000, observerPort: 8090 });
    expect(plans.map((p) => p.label)).toEqual(['observer', 'hall#1', 'hall#2', 'game#1', 'gate#1', 'gate#2']);
    expect(plans[0]?.env).toEqual({ HTTP_PORT: '8090' });
    expect(plans[1]?.env).toEqual({ HTTP_PORT: '0' });
    expect(plans.filter((p) => p.app === 'gate').map((p) => p.env)).toEqual([
      { HTTP_PORT: '0', GATE_PORT: '8000', PUBLIC_URL: 'ws://localhost:8000' },
      { HTTP_PORT: '0', GATE_PORT: '8001', PUBLIC_URL: 'ws://localhost:8001' },
    ]);
  });
});

describe('baseServiceEnv', () => {
  it('passes the shell environment through, except what must differ per replica', () => {
    const env = baseServiceEnv(
      { PATH: '/bin', AUTH_SECRET: 's', HEARTBEAT_MS: '250', SERVER_ID: 'hall001', HTTP_PORT: '9', GATE_PORT: '1', REDIS_URL: 'redis://x', BUS: 'memory', EMPTY: undefined },
      { REDIS_URL: 'redis://127.0.0.1:1234', LOG_LEVEL: 'info' },
    );
    expect(env).toEqual({ PATH: '/bin', AUTH_SECRET: 's', HEARTBEAT_MS: '250', REDIS_URL: 'redis://127.0.0.1:1234', LOG_LEVEL: 'info' });
  });
});
