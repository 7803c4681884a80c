import { ChannelNotPermittedError, RemoteError } from '@hallway/mq';

// The hall answers with the runtime's client-facing errors (see @hallway/runtime).
export { clientError as hallError, guarded, toClientError } from '@hallway/runtime';

/**
 * Errors of a request to a game server that mean it never handled the request, so
 * another game server may be tried: not permitted (it just died), no handler yet,
 * shedding load, or shutting down. A timeout is not one: the room may exist.
 */
export function isNotHandled(err: unknown): boolean {
  if (err instanceof ChannelNotPermittedError) return true;
  return err instanceof RemoteError && ['NO_HANDLER', 'OVERLOADED', 'SERVER_UNAVAILABLE'].includes(err.code);
}
