import { defineConfig } from 'vitest/config';

// The test/ files start whole clusters of processes: one file at a time on 2 cores.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
});
