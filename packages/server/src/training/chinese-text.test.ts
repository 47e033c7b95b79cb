import { createRng, loadPreprocessing, type Preprocessing, type TextDataset } from '@qudao/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLoadedDataset } from '../data/data.service.ts';
import { artifactDir } from '../registry/registry.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { predictWithVersion } from '../serving/version-predict.service.ts';
import { createTestContext } from '../testing/index.ts';
import { getTrainingJob, startTraining } from './training.service.ts';

/** Complaints about delivery or about quality, written the way customers write them. */
function complaints(n: number, seed: number): TextDataset {
  const rng = createRng(seed);
  const pick = (words: string[]) => words[Math.floor(rng() * words.length)]!;
  const delivery = ['快递太慢', '物流延迟', '送货上门', '包裹丢失', '配送员'];
  const quality = ['质量很差', '做工粗糙', '产品破损', '退货退款', '材料劣质'];
  const common = ['我们', '这次', '客服', '订单', '希望', '尽快', '处理'];
  const texts: string[] = [];
  const labels = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    const words = [pick(common), pick(cls ? quality : delivery), pick(common), pick(common)];
    if (rng() < 0.5) words.push(pick(cls ? quality : delivery));
    texts.push(words.join(rng() < 0.5 ? '，' : ''));
    labels[i] = cls;
  }
  return { kind: 'text', texts, labels, classes: ['delivery', 'quality'] };
}

describe('a Chinese text model (#10)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'complaints', complaints(160, 7), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
  });
  afterAll(() => ctx?.dispose());

  it('learns jieba words, records the tokenizer, and predicts new complaints', async () => {
    const job = await startTraining(ctx, {
      dataset: 'complaints',
      model: 'text-lstm',
      modelName: 'complaints',
      options: { embedDim: 16, units: 16 },
      epochs: 12,
      batchSize: 16,
      learningRate: 0.01,
      text: { sequenceLength: 12 },
    });
    await ctx.jobs.waitFor(job.id);
    const trained = await getTrainingJob(ctx, job.id);
    expect(trained.error).toBeNull();

    const version = await resolveModelRef(ctx, 'complaints@1');
    const preprocessing = await loadPreprocessing<Preprocessing>(
      (await artifactDir(ctx, version.id))!,
    );
    if (preprocessing?.kind !== 'text') throw new Error('a text model');
    expect(preprocessing.tokenizer).toBe('chinese');
    // Words, not characters: 快递 / 太慢 rather than 快 / 递 / 太 / 慢.
    expect(preprocessing.vocabulary).toEqual(
      expect.arrayContaining(['快递', '物流', '质量', '客服']),
    );
    expect(preprocessing.vocabulary).not.toContain('递');

    const answers = await predictWithVersion(ctx, version, [
      '客服你好，快递太慢，物流延迟了三天',
      '这次的产品质量很差，做工粗糙',
    ]);
    expect(answers.map((a) => ('label' in a ? a.label : null))).toEqual(['delivery', 'quality']);
  });
});
