import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getModelVersion } from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingFixture } from './serving-fixture.ts';

/**
 * #11: numbers like 1e308 in {"inputs": …} gave 200 with "label":"-1" and null probabilities,
 * and were billed. A value a model cannot compute with (past float32's range once prepared) and
 * activations that overflow are 400 `serving.bad_input` (reason `non_finite`), never billed.
 */
describe('non-finite inputs and outputs', () => {
  let f: Awaited<ReturnType<typeof servingFixture>>;
  beforeAll(async () => {
    f = await servingFixture({ tabular: true });
  });
  afterAll(() => f?.close());

  const predict = (payload: string) =>
    f.app.inject({
      method: 'POST',
      url: '/api/v1/endpoints/iris/predict',
      headers: { authorization: `Bearer ${f.key}`, 'content-type': 'application/json' },
      payload,
    });

  it('refuses huge values and overflowing activations, unbilled, and still answers good rows', async () => {
    const bad = [
      '{"inputs": [[1e308, 1, 1, 1]]}',
      '{"inputs": [[5.1, 3.5, 1.4, 0.2], [1e308, 1e308, 1e308, 1e308]]}',
      '{"inputs": [[3e38, 3e38, 3e38, 3e38]]}',
      '{"inputs": [[1e999, 1, 1, 1]]}',
      '{"inputs": [{"sepal_length": -1e300, "sepal_width": 1, "petal_length": 1, "petal_width": 1}]}',
    ];
    for (const payload of bad) {
      const r = await predict(payload);
      expect([payload, r.statusCode]).toEqual([payload, 400]);
      const error = r.json().error;
      expect(error.code).toBe('serving.bad_input');
      expect(['non_finite', 'signature']).toContain(error.details.reason);
      expect(error.message).not.toContain('-1');
    }
    expect(await f.usageEvents()).toEqual([]);
    const good = await predict('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}');
    expect(good.statusCode).toBe(200);
    const body = good.json();
    expect(
      body.probabilities.every((p: { probability: number }) => Number.isFinite(p.probability)),
    ).toBe(true);
    expect(['setosa', 'versicolor', 'virginica']).toContain(body.label);
    expect((await f.usageEvents()).length).toBe(1);
  });

  it('refuses a row whose activations overflow although every input is a finite float32', async () => {
    const version = await getModelVersion(f.ctx, 'iris-logistic-regression', 1);
    const { artifact_path: dir } = await f.ctx.db
      .selectFrom('model_versions')
      .select('artifact_path')
      .where('id', '=', version.id)
      .executeTakeFirstOrThrow();
    const prep = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8'));
    // Each feature standardised to ±3e38, just inside float32's range: the logits overflow.
    for (const sign of [1, -1]) {
      const row = prep.columns.map(
        (_: string, i: number) => prep.mean[i] + sign * 3e38 * prep.std[i],
      );
      const r = await predict(JSON.stringify({ inputs: [row] }));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details.reason).toBe('non_finite');
      expect(r.json().error.message).toContain("the model's output for input 1");
    }
    expect(await f.usageEvents()).toHaveLength(1);
  });

  it('names the reason non_finite for a value past float32 and for an overflowing output', async () => {
    const input = (await predict('{"inputs": [[1e308, 1, 1, 1]]}')).json().error;
    expect(input.details.reason).toBe('non_finite');
    expect(input.message).toContain('input 1');
    const second = (await predict('{"inputs": [[5.1, 3.5, 1.4, 0.2], [1e308, 1, 1, 1]]}')).json()
      .error;
    expect(second.message).toContain('input 2');
  });
});
