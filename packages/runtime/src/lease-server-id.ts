import type { ServerType } from '@hallway/protocol';
import { LeaseTakenError, StoreUnavailableError, type Lease, type Store } from '@hallway/store';
import type { Logger } from 'pino';
import { LeaseUnavailableError } from './errors.js';
import { sleep } from './with-timeout.js';

export interface LeaseServerIdOptions {
  type: ServerType;
  ttlMs: number;
  /** Claim exactly this id (SERVER_ID; always `observer` for the observer). */
  preferredId?: string;
  /** How long to keep trying while the id is held by someone else or the store is unreachable. */
  waitMs: number;
  /** Pause between attempts. */
  retryMs: number;
  log: Logger;
  signal?: AbortSignal;
}

/**
 * Leases the server id: the lowest free `<type><NNN>`, or exactly `preferredId`.
 * A fixed id (SERVER_ID, or `observer`) may still be held by a crashed predecessor
 * whose lease has not expired; and Redis may still be starting. Both are retried until
 * `waitMs`, then fail with a message that says which.
 */
export async function leaseServerId(store: Store, options: LeaseServerIdOptions): Promise<Lease> {
  const { type, ttlMs, preferredId, waitMs, retryMs, log } = options;
  const started = Date.now();
  const wanted = preferredId ?? `a ${type} id`;
  let lastError: unknown;
  let warned = false;
  for (;;) {
    try {
      return await store.acquireLease(type, preferredId === undefined ? { ttlMs } : { ttlMs, preferredId });
    } catch (err) {
      if (!(err instanceof LeaseTakenError) && !(err instanceof StoreUnavailableError)) throw err;
      lastError = err;
      if (!warned) {
        warned = true;
        log.warn({ err, serverId: wanted, waitMs }, err instanceof LeaseTakenError ? 'server id is leased by a live server; waiting for it to free' : 'store unreachable; retrying');
      }
    }
    const waited = Date.now() - started;
    if (waited + retryMs > waitMs || options.signal?.aborted) {
      const hint =
        lastError instanceof LeaseTakenError
          ? type === 'observer'
            ? 'another observer is running (only one may run per cluster); stop it, or wait until its lease expires (LEASE_TTL_MS).'
            : 'another live server holds it; unset SERVER_ID to lease a free id, or stop that server.'
          : 'the store (Redis) is unreachable; check REDIS_URL / REDIS_SENTINELS.';
      throw new LeaseUnavailableError(wanted, waited, hint, { cause: lastError });
    }
    await sleep(retryMs, options.signal);
  }
}
