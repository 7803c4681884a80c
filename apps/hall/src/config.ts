import { envMs, RuntimeEnvSchema } from '@hallway/runtime';
import type { z } from 'zod';
import { DEFAULT_HALL_OPTIONS, type HallOptions } from './hall-context.js';

/** The hall's environment: the runtime's variables plus its own. */
export const HallEnvSchema = RuntimeEnvSchema.extend({
  /** How long a resume token (login reply `resume`) lets a player come back as the same user. */
  RESUME_TTL_MS: envMs(1_000, 30 * 86_400_000).default(DEFAULT_HALL_OPTIONS.resumeTtlMs),
  /** How long a player waits in the quick-match queue before the entry lapses. */
  QUICK_MATCH_TTL_MS: envMs(1_000, 3_600_000).default(DEFAULT_HALL_OPTIONS.quickMatchTtlMs),
  /** How long the hall waits for a game server (keep it below the gate's REQUEST_TIMEOUT_MS). */
  GAME_REQUEST_TIMEOUT_MS: envMs(100, 60_000).default(DEFAULT_HALL_OPTIONS.gameRequestTimeoutMs),
});
export type HallConfig = z.output<typeof HallEnvSchema>;

export function hallOptionsOf(config: HallConfig): HallOptions {
  return {
    resumeTtlMs: config.RESUME_TTL_MS,
    quickMatchTtlMs: config.QUICK_MATCH_TTL_MS,
    gameRequestTimeoutMs: config.GAME_REQUEST_TIMEOUT_MS,
  };
}
