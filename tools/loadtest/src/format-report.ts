import type { LoadTestProgress, LoadTestResult } from './run-load-test.js';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[], numeric: boolean[]): string =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  return [line(header, numeric.map(() => false)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r, numeric))].join(
    '\n',
  );
}

/** Numbers for humans: integers with thousands separators, small values with 2 decimals. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** The per-route table of a run (msgs/s, percentiles in ms, errors), and pushes received. */
export function formatReport(result: LoadTestResult): string {
  const out: string[] = [];
  const mode = result.rate === null ? 'closed loop' : `open loop at ${fmt(result.rate)} req/s`;
  out.push(
    `${result.kind} (${result.format}), ${result.connected}/${result.bots} bots on ${result.urls.length} url(s), ${mode}, ${result.seconds.toFixed(1)} s measured`,
  );
  const connectErrors = Object.entries(result.connectErrors);
  if (connectErrors.length) out.push(`connect errors: ${connectErrors.map(([c, n]) => `${c}×${n}`).join(', ')}`);
  out.push(
    formatTable(
      ['route', 'ok', 'msgs/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'],
      result.routes.map((r) => [
        r.route,
        r.ok,
        r.perSec,
        r.latency.p50,
        r.latency.p95,
        r.latency.p99,
        r.latency.max,
        r.errors ? `${r.errors} (${Object.entries(r.errorCodes).map(([c, n]) => `${c}×${n}`).join(', ')})` : '0',
      ]),
    ),
  );
  if (result.pushes.length) {
    out.push(
      formatTable(
        ['push', 'received', 'per s', 'p50 ms', 'p99 ms'],
        result.pushes.map((p) => [p.route, p.received, p.perSec, p.latency ? fmt(p.latency.p50) : '-', p.latency ? fmt(p.latency.p99) : '-']),
      ),
    );
  }
  if (result.games.finished > 0 || result.games.moves > 0) {
    out.push(`games finished: ${result.games.finished} (${fmt(result.games.perSec)}/s), moves: ${result.games.moves} (${fmt(result.games.movesPerSec)}/s)`);
  }
  return out.join('\n\n');
}

/** One line of live progress. */
export function formatProgress(p: LoadTestProgress): string {
  const parts = [`[${p.phase} ${p.elapsedSec.toFixed(0)}s]`, `bots ${p.connected}/${p.bots}`];
  if (p.phase !== 'connecting') {
    parts.push(`${fmt(p.okPerSec)} msg/s`, `ok ${p.ok}`, `errors ${p.errors}`, `pushes ${fmt(p.pushesPerSec)}/s`);
    if (p.gamesFinished) parts.push(`games ${p.gamesFinished}`);
  }
  return parts.join('  ');
}

/**
 * Live progress on a stream: one line rewritten in place on a TTY, a line every
 * `everyMs` otherwise (CI logs stay short).
 */
export function progressPrinter(stream: NodeJS.WriteStream, everyMs = 5_000): { update: (p: LoadTestProgress) => void; done: () => void } {
  let lastPrinted = 0;
  let lastPhase = '';
  let dirty = false;
  return {
    update(p) {
      const line = formatProgress(p);
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
        dirty = true;
        return;
      }
      const now = Date.now();
      if (p.phase !== lastPhase || now - lastPrinted >= everyMs) {
        stream.write(`${line}\n`);
        lastPrinted = now;
        lastPhase = p.phase;
      }
    },
    done() {
      if (dirty) stream.write('\n');
      dirty = false;
    },
  };
}
