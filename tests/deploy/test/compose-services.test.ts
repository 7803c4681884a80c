import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScaling, checkServiceEnv, lintDockerfile, parseCompose, parseDockerfile, REPO_ROOT } from '../src/index.js';

const services = parseCompose(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
const hallway = services.filter((s) => s.app !== undefined);
const image = lintDockerfile(parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')), { rootFiles: [] }).app;

describe('docker-compose.yml: the hallway services', () => {
  it('has one service per app', () => {
    expect(hallway.map((s) => s.app).sort()).toEqual(['game', 'gate', 'hall', 'observer']);
  });

  it.each(hallway.map((s) => [s.name, s] as const))('%s: its environment (anchors merged) parses with its app\'s schema', (_name, service) => {
    expect(service.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(checkServiceEnv(service.app!, service.environment)).toEqual([]);
  });

  it.each(hallway.map((s) => [s.name, s] as const))('%s: its command runs a file the build produces and the image keeps', (_name, service) => {
    const command = service.command ?? image?.command;
    expect(command?.[0]).toBe('node');
    const entry = service.command ? service.command[1] : image?.entry;
    expect(entry, 'the file the command runs, inside the deployed app').toBeDefined();
    const pkgDir = join(REPO_ROOT, 'apps', service.app!);
    // Built by turbo before this test (the apps are dependencies of this package).
    expect(existsSync(join(pkgDir, entry!)), `apps/${service.app!}/${entry!} after the build`).toBe(true);
    // `pnpm deploy` copies what package.json "files" lists: it must keep the file's directory.
    const { files } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { files?: string[] };
    const top = entry!.split('/')[0]!;
    expect(files === undefined || files.includes(top) || files.includes(`${top}/`), `"files" of apps/${service.app!} keeps ${top}/`).toBe(true);
  });

  it('scale without per-replica settings: no SERVER_ID, container_name or fixed host port but the gates\' range and the observer', () => {
    expect(checkScaling(services)).toEqual([]);
    expect(services.find((s) => s.app === 'gate')?.ports.map((p) => p.published)).toEqual(['8000-8009']);
  });

  it('puts nginx (profile lb) in front of the gates on their GATE_PORT', () => {
    const nginx = services.find((s) => s.name === 'nginx');
    expect(nginx?.raw.profiles).toEqual(['lb']);
    expect(nginx?.ports.map((p) => `${p.published}:${p.target}`)).toEqual(['8080:80']);
    const conf = readFileSync(join(REPO_ROOT, 'deploy', 'nginx.conf'), 'utf8');
    const gate = services.find((s) => s.app === 'gate')!;
    expect(conf).toMatch(new RegExp(`server ${gate.name}:${gate.environment.GATE_PORT} resolve;`));
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    const volume = (nginx?.raw.volumes as string[])[0]!;
    expect(existsSync(join(REPO_ROOT, volume.split(':')[0]!))).toBe(true);
  });
});
