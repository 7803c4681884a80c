export { createGate, type CreateGateOptions, type Gate } from './gate.js';
export { DEFAULT_GATE_CONFIG, GATE_LIMITS, type GateConfig } from './gate-config.js';
export { GateEnvSchema, gateConfigOf, type GateEnv } from './config.js';
export { pickHall } from './hall-picker.js';
export * from './errors.js';
