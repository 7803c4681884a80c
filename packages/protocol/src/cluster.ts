import { z } from 'zod';
import { ServerIdSchema, ServerTypeSchema } from './server-id.js';

/**
 * The observer's protocol (bus routes on `channel:observer` and back). Every server
 * heartbeats with a request; the reply carries its permission list. Heartbeats are
 * idempotent registrations, so a restarted observer relearns the cluster within one
 * heartbeat interval (it also reloads its last view from the store).
 */
export const ClusterRoute = {
  /** server → observer, request: register or refresh. Reply: `HeartbeatReply`. */
  heartbeat: 'cluster.heartbeat',
  /** server → observer, request: leaving on purpose (SIGTERM). Reply: `{}`. */
  leave: 'cluster.leave',
  /** observer → server, message: the cluster changed; a fresh `ClusterUpdate`. */
  update: 'cluster.update',
} as const;

export const PermissionListSchema = z.partialRecord(ServerTypeSchema, z.array(ServerIdSchema));
export type PermissionListWire = z.infer<typeof PermissionListSchema>;

export const ServerInfoSchema = z.object({
  id: ServerIdSchema,
  type: ServerTypeSchema,
  epoch: z.number().int().nonnegative(),
  /** Type-specific load: connections (gate), sessions (hall), rooms (game). Lower is less loaded. */
  load: z.number().nonnegative(),
  /** Free-form, e.g. a gate's public WebSocket URL. */
  meta: z.record(z.string(), z.string()).default({}),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

export const HeartbeatSchema = ServerInfoSchema;
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/**
 * What the observer tells a server: the ids it may publish to (by type) and the
 * servers behind them with their load (so a hall can place rooms on the least-loaded
 * game). `version` grows with every cluster change; a server ignores older updates.
 */
export const ClusterUpdateSchema = z.object({
  version: z.number().int().nonnegative(),
  permissions: PermissionListSchema,
  servers: z.array(ServerInfoSchema),
});
export type ClusterUpdate = z.infer<typeof ClusterUpdateSchema>;

export const HeartbeatReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), update: ClusterUpdateSchema }),
  /** A newer epoch holds this id: the sender is a stale predecessor and must stop. */
  z.object({ status: z.literal('fenced'), currentEpoch: z.number().int() }),
]);
export type HeartbeatReply = z.infer<typeof HeartbeatReplySchema>;

export const LeaveSchema = z.object({ id: ServerIdSchema, epoch: z.number().int().nonnegative() });
export type Leave = z.infer<typeof LeaveSchema>;
