import { REPO_ROOT, runTool } from '../src/index.js';
import { describe, expect, it } from 'vitest';

const HINT = 'install it (Debian/Ubuntu: `apt-get install docker-compose`; `.ci/run` does) to validate docker-compose.yml';

/** `docker-compose … config -q`: the file must be valid for the compose that users run. */
async function composeConfig(...extra: string[]): Promise<void> {
  const result = await runTool('docker-compose', ['-f', 'docker-compose.yml', ...extra, 'config', '-q'], { cwd: REPO_ROOT, hint: HINT });
  expect(result.stderr.trim(), `docker-compose ${extra.join(' ')} config -q`).toBe('');
  expect(result.code).toBe(0);
}

describe('docker-compose validates docker-compose.yml', () => {
  it('as it is (docker compose up)', async () => {
    await composeConfig();
  });

  it('with the lb profile (nginx in front of the gates)', async () => {
    await composeConfig('--profile', 'lb');
  });
});
