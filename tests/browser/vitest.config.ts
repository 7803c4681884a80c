import { defineConfig } from 'vitest/config';

// Each file starts a cluster of processes and a Chromium: one file at a time on 2 cores.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false },
});
