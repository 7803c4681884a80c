export {
  DEFAULT_LOCAL_CLUSTER_OPTIONS,
  startLocalCluster,
  type LocalCluster,
  type LocalClusterOptions,
  type LocalClusterUrls,
} from './local-cluster.js';
export { chooseBackend, type Backend, type ChooseBackendOptions } from './choose-backend.js';
export { LocalClusterEnvSchema, parseLocalClusterArgs, USAGE, type LocalClusterEnv, type ParsedArgs } from './config.js';
export { formatLogLine, type FormatLogLineOptions } from './format-log-line.js';
export type { AppName, ClusterService, ExitInfo } from './cluster-service.js';
export * from './errors.js';
