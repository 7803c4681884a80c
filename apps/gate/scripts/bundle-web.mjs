#!/usr/bin/env node
// Builds the browser client the gate serves (src/handlers/web-client.ts): bundles
// web/client.ts with @hallway/client, @hallway/protocol, msgpackr and zod into one ES
// module, and copies the page and its stylesheet, into dist/web/. Runs after tsc in
// `pnpm build`; a failure fails the build.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const out = `${pkg}dist/web`;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [`${pkg}web/client.ts`],
  outfile: `${out}/client.js`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Browsers of the last few years: WebSocket, ES modules, optional chaining, top-level await.
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(`${pkg}web/index.html`, `${out}/index.html`);
await copyFile(`${pkg}web/style.css`, `${out}/style.css`);
// Most of the bundle is zod (whose namespace import keeps all of it); gzipped it is a
// quarter of the size. Compressed once here, so the gate never compresses per request.
const js = await readFile(`${out}/client.js`);
const gz = gzipSync(js, { level: 9 });
await writeFile(`${out}/client.js.gz`, gz);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
process.stdout.write(`web client: dist/web/client.js (${kib(js.length)}, ${kib(gz.length)} gzipped), index.html, style.css (${result.warnings.length} warnings)\n`);
