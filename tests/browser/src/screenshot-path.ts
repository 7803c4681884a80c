import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** tests/browser/screenshots/ (gitignored), from src/ and from dist/ alike. */
const DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Where to save a screenshot named `name` (e.g. `dashboard.png`); creates the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(DIR, { recursive: true });
  return `${DIR}${name}`;
}
