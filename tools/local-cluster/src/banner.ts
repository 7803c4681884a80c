import { ANSI, paint } from './ansi.js';
import type { Backend } from './choose-backend.js';
import type { LocalClusterUrls } from './local-cluster.js';

export interface BannerOptions {
  backend: Backend;
  urls: LocalClusterUrls;
  counts: { gates: number; halls: number; games: number };
  color: boolean;
}

/** What the user needs once the cluster is up: where to connect, where to look, how to play, how to stop. */
export function formatBanner({ backend, urls, counts, color }: BannerOptions): string {
  const bold = (t: string): string => paint(color, ANSI.bold, t);
  const link = (t: string): string => paint(color, [ANSI.bold, ANSI.cyan], t);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const gate = urls.gates[0] ?? 'ws://localhost:8000';
  const play = gate === 'ws://localhost:8000' ? 'pnpm play' : `pnpm play --url ${gate}`;
  const lines = [
    '',
    bold(`hallway is up: observer, ${plural(counts.gates, 'gate')}, ${plural(counts.halls, 'hall')}, ${plural(counts.games, 'game')} — ${backendText(backend, urls)}`),
    '',
    `  connect a client   ${urls.gates.map(link).join('  ')}`,
    `  dashboard          ${link(urls.dashboard)}`,
    `  cluster as JSON    ${link(urls.cluster)}`,
    `  play               ${bold(play)}   (in another terminal: lobby chat, quick match, tic-tac-toe)`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  if (backend.kind === 'memory') {
    lines.splice(2, 0, paint(color, [ANSI.bold, ANSI.yellow], '  single-process dev mode: every service is in this process, on an in-memory bus'));
  }
  return lines.join('\n') + '\n';
}

function backendText(backend: Backend, urls: LocalClusterUrls): string {
  switch (backend.kind) {
    case 'external-redis':
      return 'real processes on REDIS_URL';
    case 'private-redis':
      return `real processes on a private redis-server (${urls.redis ?? '?'})`;
    case 'memory':
      return 'ONE process, in-memory bus (no Redis)';
  }
}
