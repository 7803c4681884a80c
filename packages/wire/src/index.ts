export { createStrictPackr } from './strict-packr.js';
export { isPlainData, DEFAULT_MAX_DEPTH } from './plain-data.js';
