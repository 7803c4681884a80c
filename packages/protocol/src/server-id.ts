import { z } from 'zod';

/** The kinds of server in a hallway cluster. */
export const ServerTypeSchema = z.enum(['gate', 'hall', 'game', 'observer']);
export type ServerType = z.infer<typeof ServerTypeSchema>;
export const SERVER_TYPES = ServerTypeSchema.options;

/** The observer's well-known id; every other server is `<type><NNN>`. */
export const OBSERVER_ID = 'observer';

/**
 * A server id: `<type><NNN>` (`gate001`, `hall012`), or `observer`.
 * The number has at least three digits so ids sort and read alike in logs.
 */
export const ServerIdSchema = z
  .string()
  .regex(/^(?:(?:gate|hall|game)\d{3,6}|observer)$/, 'a server id is <gate|hall|game><NNN> or "observer"');
export type ServerId = z.infer<typeof ServerIdSchema>;

/** The type part of a server id: `hall002` → `hall`. */
export function serverTypeOf(serverId: string): ServerType | undefined {
  const type = /^[a-z]+/.exec(serverId)?.[0];
  const parsed = ServerTypeSchema.safeParse(type);
  return parsed.success ? parsed.data : undefined;
}

/** Formats `<type><NNN>` with at least three digits. */
export function formatServerId(type: Exclude<ServerType, 'observer'>, n: number): ServerId {
  return `${type}${String(n).padStart(3, '0')}`;
}
