import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, DASHBOARD_SCRIPT, dashboardHtml } from './dashboard-html.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('dashboardHtml', () => {
  const html = dashboardHtml({ heartbeatMs: 250, deadAfterMs: 1000 });

  it('carries the heartbeat settings the page judges lateness by', () => {
    expect(html).toContain('data-heartbeat-ms="250" data-dead-after-ms="1000"');
  });

  it('embeds a script that parses, and the CSP allows exactly that script and style', () => {
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1];
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1];
    expect(script).toBe(DASHBOARD_SCRIPT);
    expect(DASHBOARD_CSP).toContain(`script-src ${sha256(script!)}`);
    expect(DASHBOARD_CSP).toContain(`style-src ${sha256(style!)}`);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
  });

  it('never writes server data as markup', () => {
    expect(DASHBOARD_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
