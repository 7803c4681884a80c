import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export interface CreateLoggerOptions {
  level: LogLevel;
  /** The service name (`hall`, `observer`), on every line as `name`. */
  name: string;
  /** @default stdout (synchronous, so the last lines before an exit are not lost) */
  destination?: DestinationStream;
}

/**
 * Paths never written to logs. pino's `*` matches one level, so the common nestings
 * (`{ config: { AUTH_SECRET } }`, `{ req: { headers: { authorization } } }`) are listed.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'AUTH_SECRET',
  '*.AUTH_SECRET',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  '*.cookie',
];

/** JSON lines to stdout, one logger per process; components take `logger.child({ component })`. */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
