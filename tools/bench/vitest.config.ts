import { defineConfig } from 'vitest/config';

// The smoke test starts a whole cluster plus the baseline and Socket.IO relays.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 } });
