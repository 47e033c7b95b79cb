import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // Every reply in the suite is checked against its documented response schema (http/mount.ts).
    env: { QUDAO_REPLY_VALIDATION: 'strict' },
  },
});
