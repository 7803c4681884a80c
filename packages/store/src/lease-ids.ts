import { OBSERVER_ID, formatServerId, type ServerType } from '@hallway/protocol';

/**
 * The highest lease number tried: server ids have 3 to 6 digits (`ServerIdSchema`), so
 * `hall999999` is the last one a type can have.
 */
export const MAX_LEASE_NUMBER = 999_999;

/** The id `acquireLease` must claim exactly (`preferredId`, or `observer`), else undefined: scan for a free one. */
export function fixedLeaseId(type: ServerType, preferredId: string | undefined): string | undefined {
  if (type === 'observer') {
    if (preferredId !== undefined && preferredId !== OBSERVER_ID) {
      throw new TypeError(`the observer's id is always "${OBSERVER_ID}", got preferredId "${preferredId}"`);
    }
    return OBSERVER_ID;
  }
  if (preferredId === undefined) return undefined;
  if (!new RegExp(`^${type}\\d{3,6}$`).test(preferredId)) {
    throw new TypeError(`preferredId "${preferredId}" is not a ${type} id (${type} followed by 3 to 6 digits, e.g. ${formatServerId(type, 1)})`);
  }
  return preferredId;
}

/**
 * The epoch for a new lease of an id last leased with `previous`: larger than every
 * earlier one, and never below the wall clock, so epochs keep growing even if Redis
 * lost its data (a restart without persistence) and the counter starts over.
 */
export function nextEpoch(previous: number, now: number): number {
  return Math.max(previous + 1, Math.floor(now));
}

/** A TTL as whole milliseconds ≥ 1; anything else is a caller bug. */
export function checkTtl(ttlMs: number, what = 'ttlMs'): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`${what} must be a positive number of milliseconds, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}
