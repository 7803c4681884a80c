import { envMs, RuntimeEnvSchema } from '@hallway/runtime';
import type { z } from 'zod';
import { DEFAULT_GAME_OPTIONS, type GameOptions } from './game-context.js';

/** The game server's environment: the runtime's variables plus its own. */
export const GameEnvSchema = RuntimeEnvSchema.extend({
  /** How long a disconnected player keeps their seat before forfeiting. */
  REJOIN_GRACE_MS: envMs(0, 3_600_000).default(DEFAULT_GAME_OPTIONS.rejoinGraceMs),
  /** How long a finished game stays open for its players to look at. */
  FINISHED_ROOM_TTL_MS: envMs(0, 3_600_000).default(DEFAULT_GAME_OPTIONS.finishedRoomTtlMs),
});
export type GameConfig = z.output<typeof GameEnvSchema>;

export function gameOptionsOf(config: GameConfig): GameOptions {
  return { rejoinGraceMs: config.REJOIN_GRACE_MS, finishedRoomTtlMs: config.FINISHED_ROOM_TTL_MS };
}
