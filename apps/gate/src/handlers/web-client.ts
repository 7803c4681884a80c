import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

/**
 * Where `scripts/bundle-web.mjs` puts the browser client: `<package>/dist/web/`. Resolved
 * from this file so that it holds both for `dist/handlers/web-client.js` and, in tests,
 * for `src/handlers/web-client.ts`.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The only URLs served, each mapped to a fixed file name: nothing from the request ever
 * reaches the file system, so no path (`/../`, `%2e%2e`, `//`, `\`) can leave the folder.
 */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/client.js': { file: 'client.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/**
 * The page may load only its own script and style and talk only to its own origin
 * (`'self'` covers ws:// and wss:// to the same host:port, where the gate listens).
 */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Variant {
  body: Buffer;
  etag: string;
}

interface WebFile {
  type: string;
  plain: Variant;
  /** `<file>.gz`, written by the bundle script for the big files. */
  gzip: Variant | undefined;
}

export interface WebClient {
  /** Answers GET/HEAD for the client's URLs; returns false (and writes nothing) for any other request. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The browser client served on the gate's own port, so that a player opening
 * http://gate:8000/ gets a page that connects back to ws://gate:8000/. The files are
 * read once, at start (they are small and never change while the gate runs). A gate
 * built without the bundle still starts: its pages answer 404 naming the build command.
 */
export async function loadWebClient(root: string, log: Logger): Promise<WebClient> {
  const files = new Map<string, WebFile>();
  const missing: string[] = [];
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const plain = await readVariant(join(root, file), '');
    if (!plain) {
      missing.push(file);
      continue;
    }
    files.set(path, { type, plain, gzip: await readVariant(join(root, `${file}.gz`), '-gz') });
  }
  if (missing.length > 0) {
    log.warn({ root, missing: [...new Set(missing)] }, 'web client not built; GET / answers 404 (build it with pnpm --filter @hallway/gate build)');
  }

  return {
    serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!(path in FILES)) return false;
      const found = files.get(path);
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('the web client is not built on this gate\n');
        return true;
      }
      const gzip = found.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? found.gzip : undefined;
      const variant = gzip ?? found.plain;
      const headers: Record<string, string | number> = {
        'content-type': found.type,
        etag: variant.etag,
        // Revalidate every time (a 304 is cheap): a redeployed gate must not run an old client.
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      };
      if (found.gzip) headers.vary = 'accept-encoding';
      if (found.type.startsWith('text/html')) headers['content-security-policy'] = PAGE_CSP;
      if (req.headers['if-none-match'] === variant.etag) {
        res.writeHead(304, headers).end();
        return true;
      }
      if (gzip) headers['content-encoding'] = 'gzip';
      headers['content-length'] = variant.body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : variant.body);
      return true;
    },
  };
}

async function readVariant(file: string, etagSuffix: string): Promise<Variant | undefined> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return undefined;
  }
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}${etagSuffix}"` };
}
