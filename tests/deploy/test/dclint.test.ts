import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runTool } from '../src/index.js';

const dclint = fileURLToPath(new URL('../node_modules/.bin/dclint', import.meta.url));
const config = fileURLToPath(new URL('../dclint.config.yaml', import.meta.url));

describe('dclint (installed from npm, runs offline)', () => {
  it('finds nothing in docker-compose.yml beyond the rules dclint.config.yaml turns off, with reasons', async () => {
    const result = await runTool(dclint, ['-c', config, '--max-warnings', '0', 'docker-compose.yml'], {
      cwd: REPO_ROOT,
      hint: 'run `pnpm install` (dclint is a devDependency of @hallway/deploy-tests)',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect((result.stdout + result.stderr).trim()).toBe('');
    expect(result.code).toBe(0);
  });
});
