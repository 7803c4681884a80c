import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildService } from './child-service.js';
import { NotBuiltError } from './errors.js';
import type { LogPrinter } from './log-printer.js';
import type { ServicePlan } from './service-plan.js';

export interface StartChildServicesOptions {
  /** The monorepo root: children run `node apps/<app>/dist/main.js` from there. */
  repoRoot: string;
  /** The environment of every child (see baseServiceEnv); each plan's own variables go on top. */
  env: Record<string, string>;
  printer: LogPrinter;
  /** Called with each child as soon as it runs, so the caller can stop it if a later one fails. */
  onStarted: (service: ChildService) => void;
}

/** Spawns every planned service as a real process, all at once (the others wait for the observer on their own). */
export async function startChildServices(plans: readonly ServicePlan[], options: StartChildServicesOptions): Promise<ChildService[]> {
  const entries = new Map(plans.map((p) => [p.app, join(options.repoRoot, 'apps', p.app, 'dist', 'main.js')]));
  for (const entry of entries.values()) if (!existsSync(entry)) throw new NotBuiltError(entry);
  const services: ChildService[] = [];
  for (const plan of plans) {
    const service = await ChildService.start({
      app: plan.app,
      entry: entries.get(plan.app) ?? '',
      cwd: options.repoRoot,
      env: { ...options.env, ...plan.env },
      log: options.printer.forService(plan.label),
    });
    options.onStarted(service);
    services.push(service);
  }
  return services;
}
