import { defineConfig } from 'vitest/config';

// The end-to-end file starts a whole cluster of processes; unit files are pure and fast.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
