// The portable builds of the native kernels, forced with QUDAO_SIMD=generic in a child process
// (the choice is made once, when the addon loads): the GEMM micro-kernels and every hot loop
// that simd_call dispatches (native/simd.h), each group against the stock 'cpu' kernels.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeNative } from './test-utils.ts';

const here = dirname(fileURLToPath(import.meta.url));
const GROUPS = [
  'gemm',
  'biasActivations',
  'binary',
  'unary',
  'reductions',
  'softmax',
  'pooling',
  'adam',
  'layerNorm',
  'gelu',
  'dropout',
  'attention',
  'convBlock',
];

describeNative('portable kernels (QUDAO_SIMD=generic)', () => {
  it('match the stock kernels with AVX2 switched off, GEMM and every dispatched loop', () => {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(here, 'testing', 'generic-simd-check.ts')],
      { env: { ...process.env, QUDAO_SIMD: 'generic' }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    const line = res.stdout.trim().split('\n').pop() ?? '';
    const out = JSON.parse(line) as { simd: string; loops: string; worst: Record<string, number> };
    expect(out.simd).toBe('generic');
    expect(out.loops).toBe('generic');
    expect(Object.keys(out.worst)).toEqual(GROUPS);
    // JSON turns an Infinity (a NaN where the stock kernel has a number) into null.
    for (const group of GROUPS) expect(out.worst[group], group).toBeLessThan(1e-4);
    expect(out.worst.dropout).toBe(0);
  });
});
