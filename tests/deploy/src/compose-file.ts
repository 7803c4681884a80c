import { parse } from 'yaml';
import { ParseError } from './errors.js';

export type AppName = 'observer' | 'gate' | 'hall' | 'game';
const APPS: readonly AppName[] = ['observer', 'gate', 'hall', 'game'];

/** One published port, whatever syntax it was written in. */
export interface PortMapping {
  /** As written, for messages. */
  raw: string;
  hostIp: string | undefined;
  /** The host port or range (`8000`, `8000-8009`); undefined when Docker picks one. */
  published: string | undefined;
  target: string;
}

export interface ComposeService {
  name: string;
  /** The hallway app it runs (from `build.args.APP` or a `hallway/<app>` image); undefined for redis, nginx. */
  app: AppName | undefined;
  /** `environment` with the `<<` merges applied, every value a string as the container sees it. */
  environment: Record<string, string>;
  /** A `command:` override, if any. */
  command: string[] | undefined;
  ports: PortMapping[];
  containerName: string | undefined;
  hostname: string | undefined;
  raw: Record<string, unknown>;
}

/** docker-compose.yml with YAML merge keys (`<<: *env`) applied, services normalised. */
export function parseCompose(text: string, file = 'docker-compose.yml'): ComposeService[] {
  const doc = parse(text, { merge: true }) as unknown;
  const services = isRecord(doc) ? doc.services : undefined;
  if (!isRecord(services)) throw new ParseError(file, 'no `services:` map');
  return Object.entries(services).map(([name, value]) => {
    if (!isRecord(value)) throw new ParseError(file, `service ${name} is not a map`);
    return {
      name,
      app: appOf(value),
      environment: environmentOf(value.environment),
      command: commandOf(value.command),
      ports: (Array.isArray(value.ports) ? value.ports : []).map(portOf),
      containerName: typeof value.container_name === 'string' ? value.container_name : undefined,
      hostname: typeof value.hostname === 'string' ? value.hostname : undefined,
      raw: value,
    };
  });
}

function appOf(service: Record<string, unknown>): AppName | undefined {
  const build = service.build;
  const arg = isRecord(build) && isRecord(build.args) ? build.args.APP : undefined;
  if (typeof arg === 'string' && (APPS as readonly string[]).includes(arg)) return arg as AppName;
  const image = typeof service.image === 'string' ? /^hallway\/(\w+)(?::|$)/.exec(service.image)?.[1] : undefined;
  return image !== undefined && (APPS as readonly string[]).includes(image) ? (image as AppName) : undefined;
}

/** Both syntaxes: a map (`KEY: value`) or a list (`- KEY=value`). */
function environmentOf(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const [key = '', ...rest] = String(item).split('=');
      env[key] = rest.join('=');
    }
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) env[key] = v === null || v === undefined ? '' : String(v);
  }
  return env;
}

function commandOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.trim().split(/\s+/);
  return undefined;
}

/** `"127.0.0.1:8000-8009:8000/tcp"`, `"8000"`, `8000` or `{ target, published, host_ip }`. */
function portOf(value: unknown): PortMapping {
  if (isRecord(value)) {
    return {
      raw: JSON.stringify(value),
      hostIp: value.host_ip === undefined ? undefined : String(value.host_ip),
      published: value.published === undefined ? undefined : String(value.published),
      target: String(value.target),
    };
  }
  const raw = String(value);
  const parts = raw.replace(/\/\w+$/, '').split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop();
  return { raw, hostIp: parts.length > 0 ? parts.join(':') : undefined, published: published === '' ? undefined : published, target };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
