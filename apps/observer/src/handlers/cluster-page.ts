import type { HttpHandler } from '@hallway/runtime';

/**
 * GET /: a page that polls /cluster every second and shows servers, load, heartbeat
 * age and permission lists. Static: all data comes from /cluster, rendered with
 * textContent (never innerHTML), so server meta cannot inject markup.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hallway cluster</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin-top:1rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
th{background:#f3f3f3}.stale{color:#b00}.muted{color:#777}code{font-size:12px}
</style></head><body>
<h1>hallway cluster</h1>
<div id="status" class="muted">loading…</div>
<table><thead><tr><th>id</th><th>type</th><th>epoch</th><th>load</th><th>last heartbeat</th><th>may publish to</th><th>meta</th></tr></thead>
<tbody id="servers"></tbody></table>
<script>
const status = document.getElementById('status');
const body = document.getElementById('servers');
function cell(row, text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); }
async function refresh() {
  try {
    const res = await fetch('cluster', { cache: 'no-store' });
    const c = await res.json();
    status.textContent = 'version ' + c.version + ' · ' + c.servers.length + ' servers · table ' + JSON.stringify(c.permissions);
    status.className = 'muted';
    body.replaceChildren();
    for (const s of c.servers) {
      const row = document.createElement('tr');
      cell(row, s.id); cell(row, s.type); cell(row, String(s.epoch)); cell(row, String(s.load));
      cell(row, (s.age / 1000).toFixed(1) + ' s ago', s.age > 3000 ? 'stale' : '');
      const list = c.lists[s.id] || {};
      cell(row, Object.entries(list).map(([t, ids]) => t + ': ' + (ids.join(', ') || '–')).join(' | '));
      cell(row, Object.entries(s.meta).map(([k, v]) => k + '=' + v).join(' '), 'muted');
      body.appendChild(row);
    }
  } catch (err) {
    status.textContent = 'observer unreachable: ' + err;
    status.className = 'stale';
  }
}
refresh();
setInterval(refresh, 1000);
</script></body></html>
`;

export const clusterPage: HttpHandler = (_req, res) => {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(PAGE),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
  });
  res.end(PAGE);
};
