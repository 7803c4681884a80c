import { ForwardedSchema, type SessionRef } from '@hallway/protocol';
import type { z } from 'zod';
import { clientError } from './handler-errors.js';

/** Decodes an incoming body, or throws `BAD_REQUEST` naming what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
  throw clientError('BAD_REQUEST', `invalid ${what}: ${detail}`);
}

/** Decodes a client request forwarded by a gate: the session, and the body with `schema`. */
export function parseForwarded<S extends z.ZodType>(schema: S, raw: unknown, route: string): { session: SessionRef; body: z.output<S> } {
  const forwarded = parseBody(ForwardedSchema, raw, `forwarded ${route}`);
  return { session: forwarded.session, body: parseBody(schema, forwarded.body, `${route} body`) };
}
