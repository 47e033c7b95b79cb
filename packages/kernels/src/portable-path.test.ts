// The portable GEMM micro-kernel, forced with QUDAO_SIMD=generic in a child process (the
// AVX2 one is picked at load time, so it cannot be switched inside this process).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeNative } from './test-utils.ts';

const here = dirname(fileURLToPath(import.meta.url));

describeNative('portable micro-kernel', () => {
  it('matches the stock kernels when AVX2 is switched off (QUDAO_SIMD=generic)', () => {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(here, 'testing', 'generic-simd-check.ts')],
      { env: { ...process.env, QUDAO_SIMD: 'generic' }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    const line = res.stdout.trim().split('\n').pop() ?? '';
    const out = JSON.parse(line) as { simd: string; worst: number };
    expect(out.simd).toBe('generic');
    expect(out.worst).toBeLessThan(1e-4);
  });
});
