import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile.js';
import { lintDockerfile } from './lint-dockerfile.js';

const GOOD = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=24
FROM node:\${NODE_VERSION}-slim AS base
WORKDIR /repo

FROM base AS pruner
ARG APP
COPY . .
RUN pnpm dlx turbo@2 prune "@hallway/\${APP}" --docker

FROM base AS builder
ARG APP
COPY --from=pruner /repo/out/json/ ./
RUN pnpm install --frozen-lockfile
COPY --from=pruner /repo/out/full/ ./
COPY --from=pruner /repo/tsconfig.base.json ./tsconfig.base.json
RUN pnpm exec turbo run build --filter="@hallway/\${APP}" \\
  # a comment inside the continuation
 && pnpm --filter="@hallway/\${APP}" deploy --prod --legacy /out

FROM node:\${NODE_VERSION}.1.0-bookworm-slim AS runner
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=builder /out ./app
WORKDIR /srv/app
USER node
HEALTHCHECK CMD node -e "process.exit(0)"
CMD ["node", "dist/main.js"]
`;

const lint = (text: string) => lintDockerfile(parseDockerfile(text), { rootFiles: ['tsconfig.base.json'] });

describe('lintDockerfile', () => {
  it('passes a Dockerfile that follows every rule, and follows the app through deploy, COPY and WORKDIR', () => {
    const report = lint(GOOD);
    expect(report.problems).toEqual([]);
    expect(report.app).toEqual({ deployDir: '/out', appDir: '/srv/app', command: ['node', 'dist/main.js'], entry: 'dist/main.js' });
  });

  it.each([
    ['a single stage', (t: string) => t.slice(t.indexOf('FROM node:${NODE_VERSION}.1.0')), /not a multi-stage build/],
    ['a full node image', (t: string) => t.replace('ARG NODE_VERSION=24', 'ARG NODE_VERSION=22\nARG X=1').replace('-bookworm-slim AS runner', ' AS runner'), /starts from "node:22\.1\.0": expected node:22 or node:24, slim/],
    ['node 20', (t: string) => t.replace('NODE_VERSION=24', 'NODE_VERSION=20'), /"node:20-slim": expected node:22 or node:24/],
    ['no turbo prune', (t: string) => t.replace(' prune ', ' run '), /no `turbo prune … --docker` step/],
    ['pnpm deploy without --prod', (t: string) => t.replace('deploy --prod', 'deploy'), /`pnpm deploy` without --prod/],
    ['no pnpm deploy', (t: string) => t.replace(/&& pnpm --filter\S+ deploy --prod --legacy \/out/, ''), /no `pnpm deploy` step/],
    ['no USER', (t: string) => t.replace('USER node\n', ''), /has no USER/],
    ['USER root', (t: string) => t.replace('USER node', 'USER root'), /runs as "root"/],
    ['USER 0:0', (t: string) => t.replace('USER node', 'USER 0:0'), /runs as "0"/],
    ['the final stage on a build stage', (t: string) => t.replace('FROM node:${NODE_VERSION}.1.0-bookworm-slim AS runner', 'FROM builder AS runner'), /starts from the build stage "builder"/],
    ['a shell-form CMD', (t: string) => t.replace('CMD ["node", "dist/main.js"]', 'CMD node dist/main.js'), /not in exec form/],
    ['a CMD outside the app', (t: string) => t.replace('"dist/main.js"', '"/tmp/main.js"'), /does not run a file inside the deployed app/],
    ['the deploy target not copied', (t: string) => t.replace('COPY --from=builder /out ./app', 'COPY --from=builder /repo ./app'), /does not COPY the `pnpm deploy` target \/out/],
    ['no tsconfig.base.json', (t: string) => t.replace('COPY --from=pruner /repo/tsconfig.base.json ./tsconfig.base.json\n', ''), /builds without tsconfig\.base\.json/],
    ['no NODE_ENV', (t: string) => t.replace('ENV NODE_ENV=production\n', ''), /NODE_ENV=production/],
    ['no HEALTHCHECK', (t: string) => t.replace(/HEALTHCHECK.*\n/, ''), /no HEALTHCHECK/],
  ])('flags %s', (_what, change, problem) => {
    const changed = change(GOOD);
    expect(changed).not.toBe(GOOD);
    expect(lint(changed).problems.join('\n')).toMatch(problem);
  });
});
