export { Cluster, type ClusterOptions, type ClusterServerView } from './cluster.js';
export { ServiceProcess, type AppName } from './service-process.js';
