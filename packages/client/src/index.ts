export { HallwayClient, DEFAULT_HALLWAY_CLIENT_OPTIONS, type ClientState, type HallwayClientOptions, type LoginOptions } from './hallway-client.js';
export type { ClientEventMap, CloseInfo, KnownPushes, LifecycleEvents } from './client-events.js';
export { DEFAULT_RECONNECT_OPTIONS, NO_RECONNECT_CLOSE_CODES, reconnectDelay, type ReconnectOptions } from './reconnect-policy.js';
export { decodeFrame, encodeFrame, type FrameFormat } from './frame-codec.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export * from './errors.js';
