// The game server as a library: for the single-process cluster and for tests of other apps.
export { createGame, type CreateGameOptions, type Game } from './game.js';
export { DEFAULT_GAME_OPTIONS, type GameOptions } from './game-context.js';
export { GameEnvSchema, gameOptionsOf, type GameConfig } from './config.js';
export { ROOM_CAPACITY, ROOM_KIND } from './room.js';
