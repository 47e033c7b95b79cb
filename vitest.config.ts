import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Three projects (`npx vitest run --project <name>`):
 * - `unit`: ml, kernels and console tests, side by side, each file in a fresh fork (they switch
 *   tfjs backends and load the native addon in different modes, which must not leak).
 * - `server`: server and client tests, side by side; a fork runs several files in turn and
 *   imports the server once (that import costs seconds a file). They share no state: each test
 *   has its own temporary workspace and context, servers listen on port 0, and a test that sets
 *   an env var puts it back.
 * - `end-to-end`: `test/` (real server processes killed with SIGKILL, the CLI as child
 *   processes, Chromium), one file at a time in one fork, after the others.
 * QUDAO_TEST_WORKERS sets how many forks run side by side (default: one per core, at least 2).
 */
const workers = Number(process.env.QUDAO_TEST_WORKERS) || Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // A loaded CI machine can take seconds to render a page or commit a write: expect.poll waits
    // up to 10 s (the default 1 s made the browser journeys flaky there).
    expect: { poll: { timeout: 10_000 } },
    // Every reply in the suite is checked against its documented response schema (http/mount.ts).
    env: { QUDAO_REPLY_VALIDATION: 'strict' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/{ml,kernels,web}/src/**/*.test.ts'],
          maxWorkers: workers,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['packages/{server,client}/src/**/*.test.ts'],
          maxWorkers: workers,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'end-to-end',
          include: ['test/**/*.test.ts'],
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
