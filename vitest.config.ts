import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests (beside the code) run side by side, one fork per file: each has its own process,
 * so env vars, the tfjs backend and module state are never shared; every server listens on port
 * 0 and every workspace is a fresh temporary folder. QUDAO_TEST_WORKERS overrides the count.
 * End-to-end and browser tests (`test/`) start real server processes, kill them and drive
 * Chromium: they run one file at a time, after the unit tests.
 */
const workers = Number(process.env.QUDAO_TEST_WORKERS) || Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Every reply in the suite is checked against its documented response schema (http/mount.ts).
    env: { QUDAO_REPLY_VALIDATION: 'strict' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], maxWorkers: workers },
      },
      {
        extends: true,
        test: { name: 'end-to-end', include: ['test/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
