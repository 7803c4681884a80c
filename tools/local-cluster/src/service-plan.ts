import type { AppName } from './cluster-service.js';

/** One service to start: which app, its log label, and the variables only it gets. */
export interface ServicePlan {
  app: AppName;
  label: string;
  env: Record<string, string>;
}

export interface PlanServicesOptions {
  gates: number;
  halls: number;
  games: number;
  /** Gate i (from 0) listens on gatePort + i. */
  gatePort: number;
  observerPort: number;
}

/**
 * The services of the cluster, observer first (everyone registers with it). Only the
 * observer and the gates get fixed ports; everything else takes a free HTTP port
 * (HTTP_PORT=0) and leases its id, exactly like replicas under `docker compose --scale`.
 */
export function planServices(options: PlanServicesOptions): ServicePlan[] {
  const plans: ServicePlan[] = [{ app: 'observer', label: 'observer', env: { HTTP_PORT: String(options.observerPort) } }];
  for (let i = 0; i < options.halls; i++) plans.push({ app: 'hall', label: `hall#${i + 1}`, env: { HTTP_PORT: '0' } });
  for (let i = 0; i < options.games; i++) plans.push({ app: 'game', label: `game#${i + 1}`, env: { HTTP_PORT: '0' } });
  for (let i = 0; i < options.gates; i++) {
    const port = options.gatePort + i;
    plans.push({
      app: 'gate',
      label: `gate#${i + 1}`,
      env: { HTTP_PORT: '0', GATE_PORT: String(port), PUBLIC_URL: `ws://localhost:${port}` },
    });
  }
  return plans;
}

/**
 * The environment every service starts from: the launcher's own (so AUTH_SECRET,
 * HEARTBEAT_MS… reach the services) without the variables that must differ per
 * replica or that the launcher decides, plus `extra`.
 */
export function baseServiceEnv(env: Record<string, string | undefined>, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !LAUNCHER_OWNED.has(key)) out[key] = value;
  return { ...out, ...extra };
}

/** Set per service by the launcher; a value inherited from the shell would clash across replicas. */
const LAUNCHER_OWNED = new Set(['SERVER_ID', 'HTTP_PORT', 'GATE_PORT', 'PUBLIC_URL', 'BUS', 'REDIS_URL', 'REDIS_SENTINELS']);
