import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile, parseDockerfile, REPO_ROOT } from '../src/index.js';

/** Root files every package's build extends (tsconfig.build.json "extends" out of the package). */
function rootFilesOfBuilds(): string[] {
  const files = new Set<string>();
  for (const app of ['observer', 'gate', 'hall', 'game']) {
    const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'apps', app, 'tsconfig.build.json'), 'utf8')) as { extends?: string };
    if (tsconfig.extends?.startsWith('../../')) files.add(tsconfig.extends.slice('../../'.length));
  }
  return [...files];
}

describe('Dockerfile', () => {
  const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  const rootFiles = rootFilesOfBuilds();

  it('follows the rules: multi-stage, turbo prune, production deps only, non-root USER, node 22/24 slim', () => {
    expect(rootFiles).toEqual(['tsconfig.base.json']);
    expect(lintDockerfile(dockerfile, { rootFiles }).problems).toEqual([]);
  });

  it('runs the deployed app: pnpm deploy → /app → node dist/main.js', () => {
    expect(lintDockerfile(dockerfile, { rootFiles }).app).toEqual({ deployDir: '/app', appDir: '/app', command: ['node', 'dist/main.js'], entry: 'dist/main.js' });
  });

  it('builds node 22 by default, and its health check reads the HTTP_PORT the image sets', () => {
    expect(dockerfile.globalArgs.NODE_VERSION).toBe('22');
    const runner = dockerfile.stages.at(-1)!;
    expect(runner.from).toBe('node:22-slim');
    expect(runner.instructions.find((i) => i.keyword === 'ENV' && /HTTP_PORT=/.test(i.args))).toBeDefined();
    expect(runner.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('process.env.HTTP_PORT');
  });

  it('builds from the sources only: .dockerignore keeps host node_modules and dist out of the context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
