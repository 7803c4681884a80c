import { fileURLToPath } from 'node:url';

/** The monorepo root (this file is tests/deploy/{src,dist}/repo-root.*). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
