import { z } from 'zod';
import { ErrorCodeSchema } from './error-codes.js';

/**
 * The frames of the client contract (../shared/design.md): a text frame is JSON, a
 * binary frame is msgpack; both carry these objects.
 */

/** `<serverType>.<name>`: the gate routes by the prefix to the bound server of that type. */
export const ClientRouteSchema = z
  .string()
  .max(64)
  .regex(/^[a-z]+\.[A-Za-z][A-Za-z0-9]*$/, 'a route is <serverType>.<name>, e.g. "hall.chat"');

export const ClientRequestSchema = z.object({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  route: ClientRouteSchema,
  body: z.unknown().optional(),
});
export type ClientRequest = z.infer<typeof ClientRequestSchema>;

export const ClientErrorSchema = z.object({
  code: z.union([ErrorCodeSchema, z.string()]),
  message: z.string(),
});
export type ClientError = z.infer<typeof ClientErrorSchema>;

export const ReplyOkSchema = z.object({ id: z.number(), ok: z.literal(true), body: z.unknown().optional() });
export const ReplyErrorSchema = z.object({ id: z.number(), ok: z.literal(false), error: ClientErrorSchema });
export const ReplySchema = z.discriminatedUnion('ok', [ReplyOkSchema, ReplyErrorSchema]);
export type Reply = z.infer<typeof ReplySchema>;

export const PushSchema = z.object({ route: z.string(), body: z.unknown().optional() });
export type Push = z.infer<typeof PushSchema>;

/** Anything the gate sends a client: a reply has an `id`, a push has none. */
export const ServerFrameSchema = z.union([ReplySchema, PushSchema]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
