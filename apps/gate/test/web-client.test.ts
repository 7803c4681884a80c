import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../src/handlers/web-client.js';
import { startHarness, type Harness } from './harness.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as given (fetch would normalise `..`). */
function get(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SECRET = 'not-for-browsers';
let base: string;
let root: string;
let h: Harness | undefined;

beforeAll(async () => {
  // <base>/secret.txt beside the web root, and one inside it that is not a client file.
  base = await mkdtemp(join(tmpdir(), 'gate-web-'));
  root = join(base, 'web');
  await mkdir(root);
  await writeFile(join(base, 'secret.txt'), SECRET);
  await writeFile(join(root, 'secret.txt'), SECRET);
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/client.js"></script>');
  await writeFile(join(root, 'client.js'), 'console.log("hi");');
  await writeFile(join(root, 'client.js.gz'), gzipSync('console.log("hi");'));
  await writeFile(join(root, 'style.css'), 'body{}');
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('the web client on the gate port', () => {
  it('serves the page, the script and the stylesheet with their content types', async () => {
    h = await startHarness({ config: { webRoot: root } });
    const page = await get(h.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body.toString()).toContain('src="/client.js"');
    expect((await get(h.port, '/index.html?x=1')).body.toString()).toBe(page.body.toString());

    const script = await get(h.port, '/client.js?v=2');
    expect(script).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'content-length': '18' } });
    expect(script.body.toString()).toBe('console.log("hi");');
    expect(script.headers['content-encoding']).toBeUndefined();

    const css = await get(h.port, '/style.css');
    expect(css).toMatchObject({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8' } });
    expect(css.body.toString()).toBe('body{}');
  });

  it('sends the precompressed script to browsers that take gzip, answers HEAD and revalidates with ETags', async () => {
    h = await startHarness({ config: { webRoot: root } });
    const gz = await get(h.port, '/client.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gz.body.equals(await readFile(join(root, 'client.js.gz')))).toBe(true);

    const head = await get(h.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);

    const etag = String(head.headers.etag);
    const again = await get(h.port, '/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get(h.port, '/', { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('serves nothing but its own files: no traversal, no other file, no other method', async () => {
    h = await startHarness({ config: { webRoot: root } });
    const attempts = [
      '/secret.txt',
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/client.js/../../secret.txt',
      '/web/../secret.txt',
      '//secret.txt',
      '/..\\secret.txt',
      '/client.js.gz',
      '/index.html%00',
      '/../../../../etc/passwd',
    ];
    for (const path of attempts) {
      const answer = await get(h.port, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 426 });
      expect(answer.body.toString()).not.toContain(SECRET);
    }
    expect((await get(h.port, '/', { method: 'POST' })).status).toBe(426);
    expect((await get(h.port, '/healthz')).status).toBe(200);
  });

  it('starts without a built client and says so on GET /', async () => {
    h = await startHarness({ config: { webRoot: join(base, 'nothing-here') } });
    const page = await get(h.port, '/');
    expect(page.status).toBe(404);
    expect(page.body.toString()).toContain('not built');
    // The WebSocket side is unaffected.
    const client = await h.client();
    const rtt = await client.ping();
    expect(Number.isFinite(rtt) && rtt >= 0 && rtt < 5000).toBe(true);
    await expect(client.request('hall.echo', { page: 'served' })).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
  });

  it('is off with webClient: false (WEB_CLIENT=false)', async () => {
    h = await startHarness({ config: { webRoot: root, webClient: false } });
    for (const path of ['/', '/index.html', '/client.js', '/style.css']) expect((await get(h.port, path)).status).toBe(426);
  });

  it('by default serves the bundle the build put in dist/web', async () => {
    h = await startHarness();
    const page = await get(h.port, '/');
    expect(page.status, `GET / from ${DEFAULT_WEB_ROOT} (run the gate's build first)`).toBe(200);
    expect(page.body.toString()).toMatch(/<script type="module" src="\/client\.js"><\/script>/);
    const script = await get(h.port, '/client.js');
    expect(script.status).toBe(200);
    // The bundle carries the client SDK: it speaks gate.login.
    expect(script.body.toString()).toContain('gate.login');
    expect((await get(h.port, '/style.css')).status).toBe(200);
  });
});
