import type { RoomInfo } from '@hallway/protocol';
import type { Presence, QueueEntry } from '../src/index.js';

let counter = 0;
/** A key prefix no other test uses, so tests on one Redis never see each other. */
export function uniquePrefix(): string {
  counter += 1;
  return `t${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}:`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `predicate` is true; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await predicate()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function presence(userId: string, connId: string, extra: Partial<Presence> = {}): Presence {
  return { userId, name: `name-${userId}`, gate: 'gate001', connId, hall: 'hall001', since: Date.now(), ...extra };
}

export function entry(userId: string, connId = `c-${userId}`, extra: Partial<QueueEntry> = {}): QueueEntry {
  return { userId, name: `name-${userId}`, gate: 'gate001', connId, at: Date.now(), ...extra };
}

export function room(roomId: string, extra: Partial<RoomInfo> = {}): RoomInfo {
  return {
    roomId,
    game: 'game001',
    kind: 'tictactoe',
    name: `room ${roomId}`,
    players: [{ userId: 'u1', name: 'Ann' }],
    capacity: 2,
    status: 'waiting',
    createdAt: 1_700_000_000_000,
    ...extra,
  };
}
