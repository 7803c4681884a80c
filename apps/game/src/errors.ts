// The game answers with the runtime's client-facing errors (see @hallway/runtime).
export { clientError as gameError, guarded, toClientError } from '@hallway/runtime';
