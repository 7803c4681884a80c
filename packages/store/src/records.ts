import { RoomInfoSchema, ServerInfoSchema, type RoomInfo, type ServerInfo } from '@hallway/protocol';
import { z } from 'zod';
import type { Presence, QueueEntry } from './store.js';

/**
 * How records are stored (JSON text, in Redis and in `MemoryStore` alike) and read
 * back. Every read is validated: a record written by an older version, by hand, or by a
 * bug is skipped and counted, never handed to a caller half-formed.
 */

export const PresenceSchema = z.object({
  userId: z.string(),
  name: z.string(),
  gate: z.string(),
  connId: z.string(),
  hall: z.string(),
  since: z.number(),
});

export const QueueEntrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  gate: z.string(),
  connId: z.string(),
  at: z.number(),
});

export const ResumeUserSchema = z.object({ userId: z.string(), name: z.string() });
export type ResumeUser = z.infer<typeof ResumeUserSchema>;

// Encoders pick the known fields: extra properties a caller's object happens to carry
// are not persisted (and so both stores return exactly the same shape).

export function encodePresence(p: Presence): string {
  return JSON.stringify({ userId: p.userId, name: p.name, gate: p.gate, connId: p.connId, hall: p.hall, since: p.since });
}

export function encodeQueueEntry(e: QueueEntry): string {
  return JSON.stringify({ userId: e.userId, name: e.name, gate: e.gate, connId: e.connId, at: e.at });
}

export function encodeResumeUser(u: ResumeUser): string {
  return JSON.stringify({ userId: u.userId, name: u.name });
}

export function encodeRoom(room: RoomInfo): string {
  return JSON.stringify(room);
}

export function encodeRegistry(servers: ServerInfo[]): string {
  return JSON.stringify(servers);
}

/** Counts records that failed validation on read (exposed as `stats().invalidRecords`). */
export class RecordDecoder {
  invalidRecords = 0;

  /** Parses and validates `raw`; undefined (and counted) when it is not a valid record. */
  decode<T>(schema: z.ZodType<T>, raw: string | null | undefined): T | undefined {
    if (raw === null || raw === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.invalidRecords += 1;
      return undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      this.invalidRecords += 1;
      return undefined;
    }
    return parsed.data;
  }

  presence(raw: string | null | undefined): Presence | undefined {
    return this.decode(PresenceSchema, raw);
  }

  queueEntry(raw: string | null | undefined): QueueEntry | undefined {
    return this.decode(QueueEntrySchema, raw);
  }

  resumeUser(raw: string | null | undefined): ResumeUser | undefined {
    return this.decode(ResumeUserSchema, raw);
  }

  room(raw: string | null | undefined): RoomInfo | undefined {
    return this.decode(RoomInfoSchema, raw);
  }

  /** Valid rooms of a `roomId → JSON` map; invalid ones are skipped and counted. */
  rooms(values: Iterable<string>): RoomInfo[] {
    const rooms: RoomInfo[] = [];
    for (const raw of values) {
      const room = this.room(raw);
      if (room) rooms.push(room);
    }
    return rooms;
  }

  /** The registry's valid servers; an unreadable registry is empty, invalid entries are skipped. */
  registry(raw: string | null | undefined): ServerInfo[] {
    const list = this.decode(z.array(z.unknown()), raw);
    if (!list) return [];
    const servers: ServerInfo[] = [];
    for (const item of list) {
      const parsed = ServerInfoSchema.safeParse(item);
      if (parsed.success) servers.push(parsed.data);
      else this.invalidRecords += 1;
    }
    return servers;
  }
}
