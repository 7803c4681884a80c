import { z } from 'zod';
import { ServerIdSchema } from './server-id.js';

export const UserIdSchema = z.string().min(1).max(128);
export const PlayerNameSchema = z.string().trim().min(1).max(32);

/**
 * Where a player is connected: which gate, which connection on it. Every message a
 * gate forwards carries one; every push to a player is addressed with one.
 */
export const SessionRefSchema = z.object({
  gate: ServerIdSchema,
  /** Unique per gate epoch; a reconnect is a new connId. */
  connId: z.string().min(1).max(64),
  userId: UserIdSchema,
  name: PlayerNameSchema,
});
export type SessionRef = z.infer<typeof SessionRefSchema>;
