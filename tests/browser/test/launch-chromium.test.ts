import { describe, expect, it } from 'vitest';
import { assertChromiumInstalled, CHROMIUM_PATH, ChromiumMissingError } from '../src/launch-chromium.js';

describe('assertChromiumInstalled', () => {
  it('fails, naming the path and the fix, when the binary is missing', () => {
    expect(() => assertChromiumInstalled('/nonexistent/chromium')).toThrow(ChromiumMissingError);
    expect(() => assertChromiumInstalled('/nonexistent/chromium')).toThrow(
      'Chromium is not installed at /nonexistent/chromium: the browser tests need it. Install it with "apt-get install -y chromium"',
    );
  });

  it('finds the system Chromium the browser tests use', () => {
    expect(CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(() => assertChromiumInstalled()).not.toThrow();
  });
});
