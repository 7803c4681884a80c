// Test helpers for apps built on the runtime (import from '@hallway/runtime/testing').
export { FakeGate, type Frame } from './fake-gate.js';
