export type { ClusterChange, ClusterView, HttpHandler, ServiceRuntime } from './service-runtime.js';
export { LiveClusterView } from './cluster-view.js';
export { createManualRuntime, type ManualRuntime, type ManualRuntimeOptions } from './manual-runtime.js';
