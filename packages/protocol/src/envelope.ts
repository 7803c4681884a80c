import { z } from 'zod';

/**
 * What travels between servers over Redis pub/sub, msgpack-encoded.
 *
 * One PUBLISH carries one envelope or an array of them (a batch: the bus coalesces
 * messages to the same channel within one event-loop turn into one PUBLISH).
 *
 * `seq` counts envelopes per (sender, epoch, destination channel), starting at 1, so a
 * receiver can tell that pub/sub — which is at-most-once — lost something in between.
 */

/** Routes between servers: `<area>.<name>`, e.g. `cluster.heartbeat`, `hall.chat`. */
export const BusRouteSchema = z.string().min(1).max(128);

export const ErrorBodySchema = z.object({
  code: z.string().min(1).max(64),
  message: z.string().max(1024),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

const Origin = {
  /** Sender's server id. */
  from: z.string().min(1).max(64),
  /** Sender's epoch: changes every time a server (re)starts under an id. */
  epoch: z.number().int().nonnegative(),
  /** Per (from, epoch, channel) sequence number, starting at 1. */
  seq: z.number().int().positive(),
};

/** An ordering key: messages with the same key are handled in order, one at a time. */
const Key = z.string().min(1).max(256).optional();

export const MessageEnvelopeSchema = z.object({
  t: z.literal('msg'),
  ...Origin,
  route: BusRouteSchema,
  key: Key,
  body: z.unknown(),
});
export type MessageEnvelope = z.infer<typeof MessageEnvelopeSchema>;

export const RequestEnvelopeSchema = z.object({
  t: z.literal('req'),
  ...Origin,
  /** Correlation id, unique per sender epoch. */
  cid: z.number().int().nonnegative(),
  route: BusRouteSchema,
  key: Key,
  body: z.unknown(),
  /** Milliseconds the requester waits; a handler may skip work past it. */
  ttl: z.number().int().positive(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const ReplyEnvelopeSchema = z.object({
  t: z.literal('res'),
  ...Origin,
  cid: z.number().int().nonnegative(),
  ok: z.boolean(),
  body: z.unknown().optional(),
  error: ErrorBodySchema.optional(),
});
export type ReplyEnvelope = z.infer<typeof ReplyEnvelopeSchema>;

/** A liveness probe a bus publishes to its own channel and must receive back. */
export const ProbeEnvelopeSchema = z.object({
  t: z.literal('probe'),
  from: z.string().min(1).max(64),
  nonce: z.number().int().nonnegative(),
});
export type ProbeEnvelope = z.infer<typeof ProbeEnvelopeSchema>;

export const EnvelopeSchema = z.discriminatedUnion('t', [
  MessageEnvelopeSchema,
  RequestEnvelopeSchema,
  ReplyEnvelopeSchema,
  ProbeEnvelopeSchema,
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Upper bound on envelopes in one PUBLISH. */
export const MAX_BATCH = 1024;

export const WireFrameSchema = z.union([EnvelopeSchema, z.array(EnvelopeSchema).min(1).max(MAX_BATCH)]);
export type WireFrame = z.infer<typeof WireFrameSchema>;
