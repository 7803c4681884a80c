import { z } from 'zod';

/**
 * Building blocks for environment-variable schemas. Every one carries an "expected …"
 * message, so `parseEnv` can report `NAME: expected …, got "…"` for each bad variable.
 * Apps use them for their own variables (`GATE_PORT: envInt(0, 65535).default(8000)`).
 */

/** A whole number in [min, max], coerced from the string. */
export function envInt(min: number, max: number, expected = `expected an integer ${min}-${max}`) {
  const error = { error: expected };
  return z.coerce.number(error).int(error).min(min, error).max(max, error);
}

/** A TCP port; 0 means "any free port". */
export function envPort() {
  return envInt(0, 65535);
}

/** A duration in milliseconds in [min, max]. */
export function envMs(min: number, max: number) {
  return envInt(min, max, `expected a duration in milliseconds, an integer ${min}-${max}`);
}

/** One of a fixed set of words. */
export function envEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` });
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`). */
export function envBool() {
  return z.string().transform((raw, ctx) => {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'expected true or false' });
    return z.NEVER;
  });
}

/** A non-empty string. */
export function envString(expected = 'expected a non-empty string') {
  return z.string({ error: expected }).min(1, { error: expected });
}

export interface HostPort {
  host: string;
  port: number;
}

/** `host:port,host:port` → `[{ host, port }, …]` (at least one). */
export function envHostPorts() {
  const expected = 'expected a comma-separated list of host:port (e.g. "sentinel-1:26379,sentinel-2:26379")';
  return z.string().transform((raw, ctx): HostPort[] => {
    const parts = raw.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    const out: HostPort[] = [];
    for (const part of parts) {
      const match = /^(.+):(\d{1,5})$/.exec(part);
      const port = match ? Number(match[2]) : NaN;
      if (!match?.[1] || port < 1 || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `${expected}; "${part}" is not host:port` });
        return z.NEVER;
      }
      out.push({ host: match[1].replace(/^\[(.*)\]$/, '$1'), port });
    }
    if (out.length === 0) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return out;
  });
}

/** A JSON document validated with `schema`; `expected` describes its shape. */
export function envJson<T extends z.ZodType>(schema: T, expected: string) {
  return z.string().transform((raw, ctx): z.output<T> => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `expected JSON: ${expected} (${(err as Error).message})` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
      ctx.addIssue({ code: 'custom', message: `expected ${expected} (${detail})` });
      return z.NEVER;
    }
    return parsed.data as z.output<T>;
  });
}
