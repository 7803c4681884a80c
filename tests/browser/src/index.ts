export { assertChromiumInstalled, CHROMIUM_ARGS, CHROMIUM_PATH, ChromiumMissingError, launchChromium } from './launch-chromium.js';
export { watchPage, type PageWatch } from './page-watch.js';
export { screenshotPath } from './screenshot-path.js';
export { BROWSER_CLUSTER_ENV } from './cluster-env.js';
