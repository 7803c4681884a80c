export * from './server-id.js';
export * from './envelope.js';
export * from './error-codes.js';
export * from './close-codes.js';
export * from './client-frames.js';
