import type { HttpHandler } from '@hallway/runtime';
import { DASHBOARD_CSP, dashboardHtml, type DashboardSettings } from '../dashboard-html.js';

/**
 * GET /: the cluster dashboard (src/dashboard-html.ts). The page is rendered once: it
 * only carries the heartbeat settings (to tell a late server from a live one); all the
 * data comes from GET /cluster, which the page polls.
 */
export function createDashboardPage(settings: DashboardSettings): HttpHandler {
  const page = Buffer.from(dashboardHtml(settings));
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': page.length,
      'cache-control': 'no-store',
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(page);
  };
}
