export { Bot, type BotShared, type Scenario } from './bot.js';
export { BotError, errorCodeOf, openBotConnection, type BotConnection, type ConnectOptions, type SystemKind, type WireFormat } from './bot-connection.js';
export { fmt, formatProgress, formatReport, formatTable, progressPrinter } from './format-report.js';
export { LatencyHistogram, type HistogramSummary } from './latency-histogram.js';
export { openFileLimit } from './open-file-limit.js';
export { parseMix } from './parse-mix.js';
export { RouteStats, type PushReport, type RouteReport } from './route-stats.js';
export {
  assignScenarios,
  DEFAULT_LOAD_TEST_OPTIONS,
  runLoadTest,
  type LoadTestOptions,
  type LoadTestProgress,
  type LoadTestResult,
  type ScenarioMix,
} from './run-load-test.js';
