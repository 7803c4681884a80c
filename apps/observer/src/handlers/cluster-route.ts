import { sendJson, type HttpHandler } from '@hallway/runtime';
import { clusterSnapshot } from '../cluster-snapshot.js';
import type { ObserverCore } from '../observer-core.js';

/** GET /cluster: the registry as JSON (see README for the format). */
export function createClusterRoute(core: Pick<ObserverCore, 'registry' | 'table'>): HttpHandler {
  return (_req, res) => sendJson(res, 200, clusterSnapshot(core.registry, core.table));
}
