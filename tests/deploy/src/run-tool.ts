import { execFile } from 'node:child_process';
import { ToolMissingError } from './errors.js';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and returns its exit code and output; a missing binary
 * becomes a `ToolMissingError` with `hint` (how to install it) instead of a bare ENOENT.
 */
export function runTool(bin: string, args: readonly string[], options: { cwd: string; hint: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, [...args], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 20_000 }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') return reject(new ToolMissingError(bin, options.hint));
      if (err && typeof code !== 'number') return reject(err);
      resolve({ code: typeof code === 'number' ? code : 0, stdout, stderr });
    });
    child.on('error', () => undefined); // reported through the callback above
  });
}
