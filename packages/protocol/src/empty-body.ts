import { z } from 'zod';

/**
 * Body of the routes that take no arguments (`hall.rooms`, `hall.quickMatch`,
 * `hall.cancelMatch`, `game.state`, `game.leave`): `{}`, or no body at all. Unknown
 * keys are ignored so that clients may add tracing fields.
 */
export const EmptyBodySchema = z.object({}).optional();
