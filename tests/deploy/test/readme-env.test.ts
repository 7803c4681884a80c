import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GameEnvSchema } from '@hallway/game';
import { GateEnvSchema } from '@hallway/gate';
import { HallEnvSchema } from '@hallway/hall';
import { LocalClusterEnvSchema } from '@hallway/local-cluster';
import { ObserverEnvSchema } from '@hallway/observer';
import { parseEnv, RuntimeEnvSchema } from '@hallway/runtime';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/index.js';

interface Row {
  variable: string;
  cells: string[];
}

/** The rows of the README's "## Configuration" tables, by the header's first column names. */
function tables(): { services: Row[]; launcher: Row[] } {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const out: { services: Row[]; launcher: Row[] } = { services: [], launcher: [] };
  let current: Row[] | undefined;
  for (const line of section.split('\n')) {
    if (line.startsWith('| variable | default | read by |')) current = out.services;
    else if (line.startsWith('| variable | flag |')) current = out.launcher;
    else if (!line.startsWith('|')) current = undefined;
    const match = /^\| `(\w+)` \|(.*)\|$/.exec(line);
    if (current && match?.[1]) current.push({ variable: match[1], cells: (match[2] ?? '').split(' | ').map((c) => c.trim()) });
  }
  return out;
}

const SCHEMAS = { observer: ObserverEnvSchema, gate: GateEnvSchema, hall: HallEnvSchema, game: GameEnvSchema };
const runtimeVariables = Object.keys(RuntimeEnvSchema.shape);

/** A default cell that is one literal (`8000`), compared with what the schema fills in. */
function literal(cell: string | undefined): string | undefined {
  return /^`([^`]*)`$/.exec(cell ?? '')?.[1];
}

describe('README.md: the configuration tables are true', () => {
  const { services, launcher } = tables();

  it('lists every variable of every service, with the services that read it', () => {
    expect(services.length).toBeGreaterThan(20);
    for (const [app, schema] of Object.entries(SCHEMAS)) {
      for (const variable of Object.keys(schema.shape)) {
        const row = services.find((r) => r.variable === variable);
        expect(row, `README lists ${variable} (read by the ${app})`).toBeDefined();
        const readBy = row!.cells[1] ?? '';
        expect(runtimeVariables.includes(variable) ? readBy : readBy.split(/,\s*/), `${variable}: "read by" names the ${app}`).toContain(
          runtimeVariables.includes(variable) ? 'all' : app,
        );
      }
    }
    const known = new Set(Object.values(SCHEMAS).flatMap((s) => Object.keys(s.shape)));
    expect(services.map((r) => r.variable).filter((v) => !known.has(v))).toEqual([]);
  });

  it("gives each service variable the default its schema fills in", () => {
    const defaults: Record<string, unknown> = {};
    for (const schema of Object.values(SCHEMAS)) Object.assign(defaults, parseEnv(schema, {}));
    Object.assign(defaults, parseEnv(RuntimeEnvSchema, {}));
    const checked = services.filter((r) => literal(r.cells[0]) !== undefined);
    expect(checked.length).toBeGreaterThan(15);
    for (const row of checked) expect(String(defaults[row.variable]), `${row.variable}'s default`).toBe(literal(row.cells[0]));
  });

  it("lists pnpm start's own variables with their flags and defaults", () => {
    expect(launcher.map((r) => r.variable).sort()).toEqual(Object.keys(LocalClusterEnvSchema.shape).sort());
    const defaults = parseEnv(LocalClusterEnvSchema, {}) as Record<string, unknown>;
    for (const row of launcher) {
      const value = literal(row.cells[1]);
      if (value !== undefined) expect(String(defaults[row.variable]), `${row.variable}'s default`).toBe(value);
    }
  });
});
