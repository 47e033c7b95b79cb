import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherFlags } from './channels/server-process.ts';

const run = promisify(execFile);
const LAUNCHER = path.resolve(import.meta.dirname, '../bin/qudao.js');

/**
 * The `qudao` launcher gives node its V8 flags from its first line: executed as a program (the
 * way `npx qudao` and an installed `qudao` run it), the process's heap has the larger young
 * generation; V8's heap limit counts it (three semi-spaces' worth).
 */
describe('the qudao launcher', () => {
  let dir: string;
  let probe: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-launcher-'));
    probe = path.join(dir, 'heap-limit.cjs');
    await writeFile(
      probe,
      "const { heap_size_limit } = require('node:v8').getHeapStatistics();\n" +
        "process.stderr.write('heap_size_limit=' + heap_size_limit + '\\n');\n",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const limitOf = (stderr: string) => Number(/heap_size_limit=(\d+)/.exec(stderr)![1]);

  it('runs node with a 64 MiB semi-space when executed as a program', async () => {
    expect(launcherFlags()).toEqual(['--max-semi-space-size=64']);
    const env = { ...process.env, NODE_OPTIONS: `--require ${probe}` };
    const launched = await run(LAUNCHER, ['--version'], { env });
    expect(launched.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const plain = await run(process.execPath, ['-e', ''], { env });
    // At most 16 MiB semi-spaces by default on 64-bit (less on a small machine): 64 MiB adds
    // at least 3 × 48 MiB to the limit (exactly that here).
    expect(limitOf(launched.stderr) - limitOf(plain.stderr)).toBeGreaterThanOrEqual(
      3 * 48 * 1024 * 1024,
    );
  });
});
