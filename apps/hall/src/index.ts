// The hall as a library: for the single-process cluster and for tests of other apps.
export { createHall, type CreateHallOptions, type Hall } from './hall.js';
export { DEFAULT_HALL_OPTIONS, QUICK_MATCH_QUEUE, type HallOptions } from './hall-context.js';
export { HallEnvSchema, hallOptionsOf, type HallConfig } from './config.js';
