import { createHash } from 'node:crypto';

/**
 * The observer's dashboard: one self-contained page (no dependencies, no build step)
 * that polls GET /cluster every second and shows the servers, the permission table and
 * every server's list, and highlights membership changes (a server joining, leaving or
 * coming back under a new epoch). Everything from /cluster is shape-checked before use
 * and written with textContent only, so server meta can never inject markup.
 */

const STYLE = `
:root{--ink:#1d2330;--muted:#6b7280;--line:#e2e5ea;--bg:#f4f5f7;--gate:#5f3dc4;--hall:#1864ab;--game:#d9480f;--ok:#2b8a3e;--warn:#e67700;--bad:#c92a2a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:.75rem;padding:.6rem 1.25rem;background:#1d2330;color:#fff}
header h1{margin:0;font-size:1.15rem}
.spacer{flex:1}
.pill{font-size:.8rem;padding:.15rem .6rem;border-radius:999px;background:#4b5563;color:#fff}
.pill[data-state=live]{background:var(--ok)}
.pill[data-state=down]{background:var(--bad)}
.sub{color:#aab2c0;font-size:.85rem}
main{max-width:1200px;margin:1rem auto;padding:0 1rem;display:grid;gap:1rem}
.counts{display:flex;gap:.75rem;flex-wrap:wrap}
.count{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.6rem 1rem;min-width:8rem}
.count b{display:block;font-size:1.6rem;line-height:1.1}
.count .type{margin-top:.2rem}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;overflow-x:auto}
.card h2{margin:0 0 .6rem;font-size:1rem}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap}
th{font-size:.8rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.wrap{white-space:normal}
.type{display:inline-block;font-size:.75rem;font-weight:700;padding:.05rem .5rem;border-radius:4px;color:#fff;background:#868e96}
.type[data-type=gate]{background:var(--gate)}.type[data-type=hall]{background:var(--hall)}.type[data-type=game]{background:var(--game)}.type[data-type=observer]{background:#495057}
.chip{display:inline-block;font-size:.78rem;padding:0 .4rem;margin:0 .15rem .15rem 0;border:1px solid var(--line);border-radius:4px;background:#f8f9fa}
.chip.none{color:var(--muted);border-style:dashed}
.to{color:var(--muted);font-size:.78rem;margin-right:.2rem}
.group{display:inline-block;margin-right:.6rem}
.state{font-weight:600}
.state[data-state=live]{color:var(--ok)}.state[data-state=late]{color:var(--warn)}
tr.joined{background:#ebfbee}tr.restarted{background:#fff9db}
tr.joined td:first-child,tr.restarted td:first-child{box-shadow:inset 4px 0 0 var(--ok)}
tr.restarted td:first-child{box-shadow:inset 4px 0 0 var(--warn)}
.bar{display:inline-block;height:6px;border-radius:3px;background:#74c0fc;vertical-align:middle;margin-left:.4rem}
.meta{color:var(--muted);font-size:.8rem}
.empty{color:var(--muted);font-style:italic}
#changes{list-style:none;margin:0;padding:0;max-height:16rem;overflow-y:auto}
#changes li{padding:.2rem 0;border-bottom:1px dashed var(--line)}
#changes time{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:.5rem}
#changes li[data-kind=joined]{color:var(--ok)}#changes li[data-kind=left]{color:var(--bad)}#changes li[data-kind=restarted]{color:var(--warn)}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:.5rem}
`;

const SCRIPT = `
'use strict';
const body = document.body;
const HEARTBEAT_MS = Number(body.dataset.heartbeatMs);
const DEAD_AFTER_MS = Number(body.dataset.deadAfterMs);
/** How long a change stays highlighted. */
const HIGHLIGHT_MS = 8000;
const TYPE_ORDER = ['gate', 'hall', 'game', 'observer'];
const $ = (id) => document.getElementById(id);
let known = null; // id -> epoch, after the first successful poll
const marks = new Map(); // id -> { kind, until }
const changes = [];

function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k === 'style') Object.assign(node.style, v); // CSSOM: allowed by the CSP, unlike style attributes
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The /cluster answer, checked field by field (this page has no zod); null when malformed. */
function parseSnapshot(v) {
  if (!isObj(v) || typeof v.version !== 'number' || !Array.isArray(v.servers) || !isObj(v.permissions) || !isObj(v.lists)) return null;
  for (const s of v.servers) {
    if (!isObj(s) || typeof s.id !== 'string' || typeof s.type !== 'string' || typeof s.epoch !== 'number' || typeof s.load !== 'number' || typeof s.age !== 'number' || typeof s.lastHeartbeat !== 'number' || !isObj(s.meta)) return null;
  }
  for (const t of Object.values(v.permissions)) if (!isStrArray(t)) return null;
  for (const list of Object.values(v.lists)) {
    if (!isObj(list)) return null;
    for (const ids of Object.values(list)) if (!isStrArray(ids)) return null;
  }
  return v;
}

const clock = (t) => new Date(t).toLocaleTimeString([], { hour12: false });
const order = (a, b) => {
  const ta = TYPE_ORDER.indexOf(a.type), tb = TYPE_ORDER.indexOf(b.type);
  return (ta < 0 ? 99 : ta) - (tb < 0 ? 99 : tb) || a.id.localeCompare(b.id);
};

function note(kind, text) {
  changes.unshift({ at: Date.now(), kind, text });
  changes.length = Math.min(changes.length, 100);
}

/** Compares with the previous poll: who joined, who left, who came back under a new epoch. */
function diff(servers) {
  const now = Date.now();
  const current = new Map(servers.map((s) => [s.id, s.epoch]));
  if (known === null) {
    note('info', 'watching ' + servers.length + ' server' + (servers.length === 1 ? '' : 's'));
  } else {
    for (const s of servers) {
      const before = known.get(s.id);
      if (before === undefined) {
        marks.set(s.id, { kind: 'joined', until: now + HIGHLIGHT_MS });
        note('joined', s.id + ' joined (' + s.type + ', epoch ' + s.epoch + ')');
      } else if (before !== s.epoch) {
        marks.set(s.id, { kind: 'restarted', until: now + HIGHLIGHT_MS });
        note('restarted', s.id + ' restarted (epoch ' + before + ' → ' + s.epoch + ')');
      }
    }
    for (const id of known.keys()) {
      if (!current.has(id)) {
        marks.delete(id);
        note('left', id + ' left or stopped heartbeating; removed');
      }
    }
  }
  known = current;
  for (const [id, m] of marks) if (m.until <= now) marks.delete(id);
}

function listCell(list) {
  const td = h('td', { class: 'wrap' });
  const entries = Object.entries(list || {}).sort((a, b) => order({ type: a[0], id: '' }, { type: b[0], id: '' }));
  if (entries.length === 0) td.append(h('span', { class: 'empty', text: '—' }));
  for (const [type, ids] of entries) {
    const group = h('span', { class: 'group' }, h('span', { class: 'to', text: type + ':' }));
    if (ids.length === 0) group.append(h('span', { class: 'chip none', text: 'none live' }));
    for (const id of ids) group.append(h('span', { class: 'chip', text: id }));
    td.append(group);
  }
  return td;
}

function render(c) {
  const servers = [...c.servers].sort(order);
  diff(servers);
  const now = Date.now();

  const counts = $('counts');
  counts.replaceChildren();
  const byType = new Map();
  for (const s of servers) byType.set(s.type, (byType.get(s.type) || 0) + 1);
  for (const type of [...new Set([...Object.keys(c.permissions), ...byType.keys()])].filter((t) => t !== 'observer').sort((a, b) => order({ type: a, id: '' }, { type: b, id: '' }))) {
    const n = byType.get(type) || 0;
    counts.append(h('div', { class: 'count', 'data-type': type }, h('b', { text: String(n) }), h('span', { class: 'type', 'data-type': type, text: type + (n === 1 ? '' : 's') })));
  }

  const maxLoad = Math.max(1, ...servers.map((s) => s.load));
  const rows = servers.map((s) => {
    const late = s.age > 2 * HEARTBEAT_MS;
    const mark = marks.get(s.id);
    const state = late ? 'late' : 'live';
    const stateText = late ? 'late · removed in ' + Math.max(0, (DEAD_AFTER_MS - s.age) / 1000).toFixed(1) + ' s' : mark ? (mark.kind === 'joined' ? 'live · new' : 'live · restarted') : 'live';
    const meta = Object.entries(s.meta).map(([k, v]) => k + '=' + v).join(' ');
    return h('tr', { 'data-id': s.id, 'data-type': s.type, 'data-state': state, class: mark ? mark.kind : '' },
      h('td', {}, h('b', { text: s.id })),
      h('td', {}, h('span', { class: 'type', 'data-type': s.type, text: s.type })),
      h('td', { class: 'num', text: String(s.epoch), title: 'lease epoch: grows every time the id is leased again' }),
      h('td', { class: 'num' }, String(s.load), h('span', { class: 'bar', style: { width: Math.round((s.load / maxLoad) * 60) + 'px' } })),
      h('td', { class: 'num', text: (s.age / 1000).toFixed(1) + ' s ago', title: clock(s.lastHeartbeat) }),
      h('td', {}, h('span', { class: 'state', 'data-state': state, text: stateText })),
      listCell(c.lists[s.id]),
      h('td', { class: 'meta', text: meta }),
    );
  });
  const tbody = $('servers');
  tbody.replaceChildren(...rows);
  if (rows.length === 0) tbody.append(h('tr', {}, h('td', { colSpan: 8, class: 'empty', text: 'no server has registered yet' })));

  const perms = $('permissions');
  perms.replaceChildren(...Object.entries(c.permissions).sort((a, b) => order({ type: a[0], id: '' }, { type: b[0], id: '' })).map(([from, to]) =>
    h('tr', { 'data-type': from },
      h('td', {}, h('span', { class: 'type', 'data-type': from, text: from })),
      h('td', { class: 'wrap' }, ...to.map((t) => h('span', { class: 'chip', text: t }))),
    )));

  $('changes').replaceChildren(...changes.map((e) => h('li', { 'data-kind': e.kind }, h('time', { text: clock(e.at) }), e.text)));
  $('version').textContent = 'registry version ' + c.version + ' · updated ' + clock(now);
}

function setLive(ok, text) {
  const pill = $('live');
  pill.dataset.state = ok ? 'live' : 'down';
  pill.textContent = text;
}

async function refresh() {
  try {
    const res = await fetch('cluster', { cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const snapshot = parseSnapshot(await res.json());
    if (!snapshot) throw new Error('unexpected /cluster answer');
    render(snapshot);
    setLive(true, 'live');
  } catch (err) {
    setLive(false, 'observer unreachable: ' + (err && err.message ? err.message : err));
  } finally {
    setTimeout(refresh, 1000);
  }
}
$('cadence').textContent = 'polls /cluster every second · heartbeat every ' + HEARTBEAT_MS + ' ms · a server silent for ' + DEAD_AFTER_MS + ' ms is removed';
void refresh();
`;

const csp = (kind: 'script' | 'style', text: string) => `${kind}-src 'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only the inline script and style above may run; the page talks only to its own origin. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  csp('script', SCRIPT),
  csp('style', STYLE),
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The script, for a syntax check in the tests. */
export const DASHBOARD_SCRIPT = SCRIPT;

export interface DashboardSettings {
  heartbeatMs: number;
  deadAfterMs: number;
}

export function dashboardHtml(settings: DashboardSettings): string {
  // Numbers only go into the markup: nothing here comes from a request or a server.
  const heartbeatMs = Math.trunc(settings.heartbeatMs);
  const deadAfterMs = Math.trunc(settings.deadAfterMs);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hallway cluster</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>${STYLE}</style></head>
<body data-heartbeat-ms="${heartbeatMs}" data-dead-after-ms="${deadAfterMs}">
<header><h1>hallway cluster</h1><span id="version" class="sub"></span><span class="spacer"></span><span id="live" class="pill">loading…</span></header>
<main>
<div id="counts" class="counts"></div>
<section class="card"><h2>Servers</h2>
<table><thead><tr><th>id</th><th>type</th><th>epoch</th><th>load</th><th>last heartbeat</th><th>state</th><th>may publish to (its list)</th><th>meta</th></tr></thead>
<tbody id="servers"></tbody></table></section>
<div class="cols">
<section class="card"><h2>Permission table</h2>
<table><thead><tr><th>type</th><th>may publish to</th></tr></thead><tbody id="permissions"></tbody></table></section>
<section class="card"><h2>Changes</h2><ol id="changes"></ol></section>
</div>
</main>
<footer id="cadence"></footer>
<script>${SCRIPT}</script>
</body></html>
`;
}
