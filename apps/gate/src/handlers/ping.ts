import { PingBodySchema } from '@hallway/protocol';
import { RouteError } from '../errors.js';

/** `gate.ping {t}` → `{t}`, answered by the gate itself (clients measure their round trip with it). */
export function handlePing(body: unknown): { t: number } {
  const parsed = PingBodySchema.safeParse(body);
  if (!parsed.success) throw new RouteError('BAD_REQUEST', 'gate.ping needs {t: number}');
  return { t: parsed.data.t };
}
