import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayFixture } from './gateway/fixture.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function qudao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/qudao.js'), ...args],
      { cwd: ROOT, env: { ...process.env, QUDAO_LOG_LEVEL: 'silent' }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `qudao generate` against a listening server, as a customer runs it. */
describe('qudao generate', () => {
  let f: Awaited<ReturnType<typeof gatewayFixture>>;

  beforeAll(async () => {
    f = await gatewayFixture({ plan: { inputPricePer1kMinor: 2, outputPricePer1kMinor: 4 } });
  });
  afterAll(async () => f?.close());

  it('streams the completion to stdout and its tokens and cost to stderr', async () => {
    const args = ['--url', f.url, '--key', f.key.key, '--max-tokens', '6', '--seed', '5'];
    const expected = await f.openai.completions.create({
      model: 'writer',
      prompt: 'Call me',
      max_tokens: 6,
      seed: 5,
    });
    const [plain, json, missing] = await Promise.all([
      qudao(['generate', 'writer', 'Call me', ...args]),
      qudao(['--json', 'generate', 'writer', 'Call me', ...args]),
      qudao(['generate', 'nope', 'Call me', ...args]),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(`${expected.choices[0]!.text}\n`);
    const u = expected.usage!;
    const cost = (u.prompt_tokens * 2 + 6 * 4) / 1000;
    expect(plain.stderr.trim()).toBe(
      `[length: ${u.prompt_tokens} prompt + 6 completion tokens, ${cost} USD minor units]`,
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout.trim())).toEqual({
      text: expected.choices[0]!.text,
      finishReason: 'length',
      usage: { ...u, cost_minor: cost, currency: 'USD' },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error [serving.endpoint_not_found]');
  });
});
