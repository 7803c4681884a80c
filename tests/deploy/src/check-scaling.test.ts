import { describe, expect, it } from 'vitest';
import { checkScaling } from './check-scaling.js';
import { parseCompose } from './compose-file.js';

const compose = (services: string): string => `x-env: &env\n  REDIS_URL: redis://redis:6379\nservices:\n${services}`;

describe('parseCompose + checkScaling', () => {
  it('merges anchors, reads both environment syntaxes and every port syntax', () => {
    const services = parseCompose(
      compose(`  gate:
    build: { context: ., args: { APP: gate } }
    environment:
      <<: *env
      GATE_PORT: 8000
    ports: ["127.0.0.1:8000-8009:8000/tcp", { target: 9100, published: "9100-9109" }]
  hall:
    image: hallway/hall:local
    environment: ["REDIS_URL=redis://r:6379", "X=a=b"]
    ports: ["9100"]
  redis:
    image: redis:7
`),
    );
    expect(services.map((s) => [s.name, s.app])).toEqual([['gate', 'gate'], ['hall', 'hall'], ['redis', undefined]]);
    expect(services[0]?.environment).toEqual({ REDIS_URL: 'redis://redis:6379', GATE_PORT: '8000' });
    expect(services[1]?.environment).toEqual({ REDIS_URL: 'redis://r:6379', X: 'a=b' });
    expect(services[0]?.ports.map((p) => [p.hostIp, p.published, p.target])).toEqual([['127.0.0.1', '8000-8009', '8000'], [undefined, '9100-9109', '9100']]);
    expect(services[1]?.ports.map((p) => [p.published, p.target])).toEqual([[undefined, '9100']]);
    expect(checkScaling(services)).toEqual([]);
  });

  it('flags what breaks --scale: SERVER_ID, container_name, hostname, fixed host ports', () => {
    const problems = checkScaling(
      parseCompose(
        compose(`  hall:
    build: { args: { APP: hall } }
    container_name: hall
    hostname: hall
    environment: { <<: *env, SERVER_ID: hall001 }
    ports: ["9100:9100"]
  gate:
    image: hallway/gate:local
    ports: ["8000:8000"]
  observer:
    image: hallway/observer:local
    ports: ["8090:8090"]
  nginx:
    image: nginx
    container_name: lb
    ports: ["8080:80"]
`),
      ),
    );
    expect(problems).toEqual([
      'hall sets SERVER_ID: replicas would fight over one id (leave it unset: each replica leases one)',
      'hall sets container_name "hall": --scale hall=2 fails on a fixed name',
      'hall sets hostname "hall": every replica would have the same one',
      'hall publishes host port 9100:9100: a second replica could not bind it (hall needs no published port)',
      'gate publishes the fixed host port 8000:8000: use a range (e.g. "8000-8009:8000") so that --scale gate=N works',
    ]);
  });
});
