import { posix } from 'node:path';
import { execForm, type Dockerfile, type Instruction, type Stage } from './dockerfile.js';

export interface LintDockerfileOptions {
  /**
   * Root files the build reads that `turbo prune` does not copy (the tsconfig every
   * package extends): the stage that runs `turbo run build` must COPY each of them.
   */
  rootFiles: readonly string[];
}

/** Where the image keeps the deployed app and what it runs, for checks against the workspace. */
export interface DeployedApp {
  /** The `pnpm deploy` target in the build stage, copied into the final image. */
  deployDir: string;
  /** Where it lands in the final image. */
  appDir: string;
  /** The final CMD, exec form. */
  command: string[];
  /** The file `command` runs, relative to the deployed package (`dist/main.js`). */
  entry: string | undefined;
}

export interface DockerfileReport {
  problems: string[];
  app: DeployedApp | undefined;
}

/** node 22 or 24 (any minor/patch, any Debian release), slim. */
export const NODE_SLIM_IMAGE = /^node:(22|24)(\.\d+){0,2}(-[a-z]+)?-slim$/;

/**
 * The rules the deployment issue names, checked statically: a multi-stage build,
 * `turbo prune --docker`, `pnpm install --frozen-lockfile`, production dependencies only
 * (`pnpm deploy --prod`), a final stage on a clean node 22/24 slim image that runs as a
 * non-root USER with NODE_ENV=production and a HEALTHCHECK, and an exec-form CMD that runs
 * a file of the deployed app. Returns every problem (empty = fine) and what it learnt.
 */
export function lintDockerfile(dockerfile: Dockerfile, options: LintDockerfileOptions): DockerfileReport {
  const problems: string[] = [];
  const { stages } = dockerfile;
  const final = stages.at(-1) as Stage;
  const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'));
  const stageNames = new Set<string>();

  if (stages.length < 2) problems.push('not a multi-stage build: the image that runs must not carry the build tools');
  for (const stage of stages) {
    if (!stageNames.has(stage.from) && !NODE_SLIM_IMAGE.test(stage.from)) {
      problems.push(`stage ${stage.name ?? '(unnamed)'} starts from "${stage.from}": expected node:22 or node:24, slim (e.g. node:22-slim)`);
    }
    if (stage.name) stageNames.add(stage.name);
  }
  if (stages.length > 1 && stageNames.has(final.from)) {
    problems.push(`the final stage starts from the build stage "${final.from}": start it from a clean node slim image`);
  }
  if (!runs.some((r) => /\bturbo(@\S+)?\s+prune\b.*--docker\b/.test(r.args))) problems.push('no `turbo prune … --docker` step');
  if (!runs.some((r) => /\bpnpm\s+install\b.*--frozen-lockfile\b/.test(r.args))) problems.push('no `pnpm install --frozen-lockfile` step');

  const deploy = runs.map((r) => /\bpnpm\b(?:\s+--?filter[= ]\S+)?\s+deploy\b([^&;|]*)/.exec(r.args)).find((m) => m !== null);
  const deployArgs = deploy?.[1]?.trim().split(/\s+/) ?? [];
  if (!deploy) problems.push('no `pnpm deploy` step: the image should hold the app with its production dependencies only');
  else if (!deployArgs.includes('--prod')) problems.push('`pnpm deploy` without --prod: dev dependencies would ship');
  const deployDir = deployArgs.filter((a) => !a.startsWith('-')).at(-1);

  const user = lastOf(final, 'USER')?.args.trim().split(':')[0];
  if (user === undefined) problems.push('the final stage has no USER: the service would run as root');
  else if (user === 'root' || user === '0') problems.push(`the final stage runs as "${user}": use a non-root USER (node)`);
  if (!final.instructions.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))) problems.push('the final stage does not set NODE_ENV=production');
  if (!lastOf(final, 'HEALTHCHECK')) problems.push('the final stage has no HEALTHCHECK');

  const isBuild = (i: Instruction): boolean => i.keyword === 'RUN' && /\bturbo\s+run\s+build\b/.test(i.args);
  const builds = stages.filter((s) => s.instructions.some(isBuild));
  if (builds.length === 0) problems.push('no `turbo run build` step');
  for (const stage of builds) {
    const before = stage.instructions.slice(0, stage.instructions.findIndex(isBuild));
    for (const file of options.rootFiles) {
      const copied = before.some((i) => i.keyword === 'COPY' && copySources(i).some((src) => posix.basename(src) === file));
      if (!copied) problems.push(`stage ${stage.name ?? '(unnamed)'} builds without ${file} (turbo prune does not copy it): COPY it before \`turbo run build\``);
    }
  }

  const cmd = lastOf(final, 'CMD');
  const command = cmd ? execForm(cmd) : undefined;
  if (!cmd) problems.push('the final stage has no CMD');
  else if (!command) problems.push(`CMD ${cmd.args} is not in exec form (["node", "dist/main.js"]): signals would go to a shell, not to node`);
  else if (command[0] !== 'node') problems.push(`CMD runs ${command[0] ?? '(nothing)'}, expected node`);

  const app = deployedApp(final, deployDir, command);
  if (deployDir !== undefined && !app) problems.push(`the final stage does not COPY the \`pnpm deploy\` target ${deployDir} from the build stage`);
  if (app && command && app.entry === undefined) problems.push(`CMD ${JSON.stringify(command)} does not run a file inside the deployed app (${app.appDir})`);
  return { problems, app };
}

function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

/** `COPY [--from=x] [--chown=…] a b dest` → [a, b]. */
function copySources(copy: Instruction): string[] {
  const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
  return parts.slice(0, -1);
}

/** Follows the deploy target through `COPY --from=… <deployDir> <dest>` and WORKDIR to the CMD's file. */
function deployedApp(final: Stage, deployDir: string | undefined, command: string[] | undefined): DeployedApp | undefined {
  if (deployDir === undefined) return undefined;
  let workdir = '/';
  let appDir: string | undefined;
  for (const i of final.instructions) {
    if (i.keyword === 'WORKDIR') workdir = posix.resolve(workdir, i.args.trim());
    if (i.keyword === 'COPY' && /--from=/.test(i.args)) {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const [src, dest] = [parts[0], parts.at(-1)];
      if (parts.length === 2 && src !== undefined && dest !== undefined && posix.resolve('/', src) === posix.resolve('/', deployDir)) {
        appDir = posix.resolve(workdir, dest);
      }
    }
  }
  if (appDir === undefined) return undefined;
  const file = command?.[1];
  const absolute = file === undefined ? undefined : posix.resolve(workdir, file);
  const entry = absolute !== undefined && absolute.startsWith(`${appDir}/`) ? absolute.slice(appDir.length + 1) : undefined;
  return { deployDir, appDir, command: command ?? [], entry };
}
