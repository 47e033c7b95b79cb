// QUDAO_REQUIRE_NATIVE=1 (CI): scripts/build-addon.cjs, run on a copy of the package whose C++
// does not compile, exits 1 instead of 0 (an install otherwise never breaks), and the native
// tests, run without an addon, fail instead of skipping.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
// Under build/ (git-ignored), so node-addon-api resolves from the workspace's node_modules.
const copy = mkdtempSync(join(pkg, 'build', 'broken-copy-'));
for (const part of ['binding.gyp', 'native', 'scripts'])
  cpSync(join(pkg, part), join(copy, part), { recursive: true });
const addon = join(copy, 'native', 'addon.cc');
writeFileSync(addon, `${readFileSync(addon, 'utf8')}\nthis is not C++;\n`);

function build(env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean.QUDAO_REQUIRE_NATIVE;
  delete clean.QUDAO_SKIP_NATIVE;
  return spawnSync(process.execPath, [join(copy, 'scripts', 'build-addon.cjs')], {
    cwd: copy,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('build-addon.cjs', () => {
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('exits 0 with a warning when the build fails', () => {
    const res = build({});
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain(
      '[@qudao/kernels] WARNING: the native build failed (exit code 1).',
    );
    expect(res.stderr).toContain('Falling back to the stock TensorFlow.js CPU backend.');
  });

  it('exits 1 when the build fails under QUDAO_REQUIRE_NATIVE=1', () => {
    const res = build({ QUDAO_REQUIRE_NATIVE: '1' });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain('[@qudao/kernels] ERROR: the native build failed (exit code 1).');
    expect(res.stderr).toContain('QUDAO_REQUIRE_NATIVE=1: the native addon is required.');
  });

  it('exits 1 when QUDAO_SKIP_NATIVE=1 skips a build QUDAO_REQUIRE_NATIVE=1 requires', () => {
    const skipped = build({ QUDAO_SKIP_NATIVE: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain('QUDAO_SKIP_NATIVE=1: native build skipped.');
    const res = build({ QUDAO_SKIP_NATIVE: '1', QUDAO_REQUIRE_NATIVE: '1' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('QUDAO_SKIP_NATIVE=1 skips the build that QUDAO_REQUIRE_NATIVE=1');
  });
});

describe('describeNative', () => {
  const root = join(pkg, '..', '..');
  // A vitest run of one native test file with the addon pointed at a file that does not exist.
  function runWithoutAddon(env: Record<string, string>) {
    const clean = { ...process.env };
    delete clean.QUDAO_REQUIRE_NATIVE;
    delete clean.VITEST;
    delete clean.VITEST_POOL_ID;
    delete clean.VITEST_WORKER_ID;
    return spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        'packages/kernels/src/buffer-pool.test.ts',
      ],
      {
        cwd: root,
        env: { ...clean, QUDAO_NATIVE_ADDON: join(copy, 'missing.node'), ...env },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
  }

  it('skips the native tests when the addon is missing', () => {
    const res = runWithoutAddon({});
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/3 skipped/);
  });

  it('fails them under QUDAO_REQUIRE_NATIVE=1, with the reason', () => {
    const res = runWithoutAddon({ QUDAO_REQUIRE_NATIVE: '1' });
    const out = res.stdout + res.stderr;
    expect(res.status, out).toBe(1);
    expect(out).toContain('needs the native addon (QUDAO_REQUIRE_NATIVE=1)');
    expect(out).toContain(
      `QUDAO_REQUIRE_NATIVE=1 but the native addon is unavailable: native addon not built (${join(copy, 'missing.node')} is missing)`,
    );
  });
});
