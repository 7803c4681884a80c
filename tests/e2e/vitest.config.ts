import { defineConfig } from 'vitest/config';

// Each test file starts a whole cluster of processes: run files one after another.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false },
});
