import { ForwardedSchema } from '@hallway/protocol';
import { parseBody } from '@hallway/runtime';

export const ECHO_ROUTE = 'hall.echo';

/** `hall.echo`: any body back as it came (the routing benchmark). */
export function echo(raw: unknown): unknown {
  return parseBody(ForwardedSchema, raw, `forwarded ${ECHO_ROUTE}`).body;
}
