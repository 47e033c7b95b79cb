import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext } from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingUpstream } from './gateway/upstreams.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEY = 'sk-cli-provider-key-98765';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/qudao.js --home … …` in its own process, with the provider's key in FLAKY_KEY. */
function qudao(home: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/qudao.js'), '--home', home, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, QUDAO_LOG_LEVEL: 'silent', FLAKY_KEY: KEY },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lastJson = (run: Run) => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
};

/** `qudao providers add|list|test|remove` against a real upstream on 127.0.0.1. */
describe('qudao providers', () => {
  let home: string;
  let flaky: Awaited<ReturnType<typeof failingUpstream>>;

  beforeAll(async () => {
    flaky = await failingUpstream();
    home = await mkdtemp(path.join(tmpdir(), 'qudao-cli-providers-'));
    await closeContext(await createContext({ home, logLevel: 'silent' }));
  });
  afterAll(async () => {
    await flaky?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('adds a provider with its key from the environment, lists it masked, tests and removes it', async () => {
    const added = lastJson(
      await qudao(home, [
        '--json',
        'providers',
        'add',
        'flaky',
        '--base-url',
        flaky.url,
        '--currency',
        'USD',
        '--api-key-env',
        'FLAKY_KEY',
        '--model',
        'resale=no-usage:1/2@3',
        '--model',
        'broken:5/6',
      ]),
    );
    expect(added).toMatchObject({ name: 'flaky', apiKey: `••••${KEY.slice(-4)}` });
    expect(added.models).toEqual([
      {
        model: 'broken',
        upstreamModel: 'broken',
        priority: 0,
        inputCostPer1kMinor: 5,
        outputCostPer1kMinor: 6,
      },
      {
        model: 'resale',
        upstreamModel: 'no-usage',
        priority: 3,
        inputCostPer1kMinor: 1,
        outputCostPer1kMinor: 2,
      },
    ]);
    const [list, table, models, completion, failing, badSpec, again] = await Promise.all([
      qudao(home, ['--json', 'providers', 'list']),
      qudao(home, ['providers', 'list']),
      qudao(home, ['--json', 'providers', 'test', 'flaky']),
      qudao(home, ['--json', 'providers', 'test', 'flaky', '--model', 'resale']),
      qudao(home, ['providers', 'test', 'flaky', '--model', 'broken']),
      qudao(home, [
        'providers',
        'add',
        'x',
        '--base-url',
        flaky.url,
        '--currency',
        'USD',
        '--model',
        'nope',
      ]),
      qudao(home, ['providers', 'add', 'flaky', '--base-url', flaky.url, '--currency', 'USD']),
    ]);
    expect(lastJson(list)).toHaveLength(1);
    expect(list.stdout + table.stdout).not.toContain(KEY);
    expect(table.stdout).toMatch(
      /^flaky\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+••••8765\s+30000 ms\s+broken=broken:5\/6@0 resale=no-usage:1\/2@3$/m,
    );
    expect(lastJson(models)).toMatchObject({ ok: true, check: 'models', status: 200 });
    expect(lastJson(completion)).toMatchObject({
      ok: true,
      check: 'completion',
      model: 'no-usage',
    });
    expect(flaky.requests.some((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^ok\s+no$/m);
    expect(failing.stdout).toContain('[upstream.status] HTTP 500: upstream exploded');
    expect(badSpec.code).toBe(1);
    expect(badSpec.stderr).toContain('error [cli.bad_model_spec]');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error [providers.provider_exists]');
    const removed = await qudao(home, ['providers', 'remove', 'flaky']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(lastJson(await qudao(home, ['--json', 'providers', 'list']))).toEqual([]);
  });
});
