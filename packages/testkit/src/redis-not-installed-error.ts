/** Thrown when no usable `redis-server` binary can be found or executed. */
export class RedisNotInstalledError extends Error {
  override readonly name = 'RedisNotInstalledError';

  constructor(
    /** What was tried: the explicit path, or the directories searched. */
    readonly detail: string,
  ) {
    super(
      `redis-server is not available (${detail}). The testkit runs a real Redis: ` +
        'install it with `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), ' +
        'or set REDIS_SERVER_BIN to the path of a redis-server binary.',
    );
  }
}
