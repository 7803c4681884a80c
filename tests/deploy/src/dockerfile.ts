import { ParseError } from './errors.js';

/** One instruction: `RUN pnpm install` → { keyword: 'RUN', args: 'pnpm install', line }. */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined, with ARG defaults substituted. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  /** The image or earlier stage it starts from, ARGs substituted (`node:22-slim`, `base`). */
  from: string;
  /** `AS name`, if any. */
  name: string | undefined;
  /** Its instructions after FROM. */
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/**
 * A small Dockerfile reader, enough for static checks: comments and parser directives
 * skipped, `\` continuations joined, stages split at FROM, and `${VAR}`/`$VAR` replaced
 * by ARG defaults (global ones in FROM lines; global and stage ones inside a stage).
 * Build args passed on the command line are not known here, so a variable without a
 * default stays as it is.
 */
export function parseDockerfile(text: string, file = 'Dockerfile'): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  let stageArgs: Record<string, string> = {};
  for (const { keyword, rest, line } of logicalLines(text)) {
    if (keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(substitute(rest, globalArgs));
      if (!match?.[1]) throw new ParseError(file, `line ${line}: cannot read FROM ${rest}`);
      stages.push({ from: match[1], name: match[2], instructions: [] });
      stageArgs = {};
      continue;
    }
    const stage = stages.at(-1);
    if (keyword === 'ARG') {
      const [name = '', value] = rest.trim().split('=', 2);
      if (!stage) globalArgs[name] = value ?? '';
      // A global ARG redeclared without a value inside a stage takes the global default.
      else stageArgs[name] = value ?? globalArgs[name] ?? `\${${name}}`;
      if (!stage) continue;
    }
    if (!stage) throw new ParseError(file, `line ${line}: ${keyword} before the first FROM`);
    stage.instructions.push({ keyword, args: substitute(rest, { ...globalArgs, ...stageArgs }), line });
  }
  if (stages.length === 0) throw new ParseError(file, 'no FROM');
  return { globalArgs, stages };
}

/** The JSON (exec) form of CMD/ENTRYPOINT, or undefined for the shell form. */
export function execForm(instruction: Instruction): string[] | undefined {
  try {
    const value: unknown = JSON.parse(instruction.args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => args[(braced ?? bare) as string] ?? whole);
}

function* logicalLines(text: string): Generator<{ keyword: string; rest: string; line: number }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let current = (lines[i] ?? '').trim();
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      const next = (lines[i] ?? '').trim();
      // Comment and empty lines inside a continued instruction are skipped, as Docker does.
      if (next === '' || next.startsWith('#')) continue;
      current = `${current.slice(0, -1).trimEnd()} ${next}`;
    }
    const match = /^(\w+)\s*(.*)$/s.exec(current);
    if (match?.[1]) yield { keyword: match[1].toUpperCase(), rest: match[2] ?? '', line: first };
  }
}
