// The observer as a library: for the single-process cluster (tools/local-cluster) and
// for checks of its configuration (tests/deploy).
export { createObserver, type CreateObserverOptions, type Observer } from './observer.js';
export {
  DEFAULT_PERMISSION_TABLE,
  ObserverEnvSchema,
  PermissionTableSchema,
  parseObserverEnv,
  resolveObserverConfig,
  type ObserverConfig,
  type ObserverEnv,
  type PermissionTable,
} from './config.js';
