/** Why a redis-server (or sentinel) did not come up. */
export type RedisStartFailure = 'exited' | 'timeout';

/** Thrown when a spawned redis-server exits early or does not answer before its deadline. */
export class RedisStartError extends Error {
  override readonly name = 'RedisStartError';

  constructor(
    message: string,
    readonly failure: RedisStartFailure,
    /** The port it was asked to listen on. */
    readonly port: number,
    /** The last part of the server's log file and stdout/stderr, for the reader of a failed test. */
    readonly logTail: string,
  ) {
    super(logTail === '' ? message : `${message}\n--- redis log tail ---\n${logTail}`);
  }

  /** True when the server could not bind its port, the one failure worth retrying. */
  get addressInUse(): boolean {
    return /address already in use|could not create server tcp listening socket/i.test(this.logTail);
  }
}
