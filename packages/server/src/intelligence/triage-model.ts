import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import {
  applyPreprocessing,
  predictAll,
  type RunConfig,
  saveModel,
  scoreClassification,
  selectDatasetRows,
  type TextDataset,
  trainAndEvaluate,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { findVersionRow, loadVersionRows } from '../data/data.service.ts';
import type { BusinessData } from './business-data.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import {
  INQUIRY_CATEGORIES,
  type InquiryCategory,
  type ModelFigure,
} from './intelligence.schemas.ts';
import { detectLanguage } from './language.ts';
import { datasetVersionOf, modelRef, trainedVersion } from './lifecycle.ts';
import { DEFAULT_THRESHOLD } from './triage.service.ts';

/** The explainable baseline: the first category whose keywords appear (most urgent first). */
const KEYWORDS: [InquiryCategory, RegExp][] = [
  [
    'urgent_complaint',
    /urgent|immediately|lawyer|legal|terminate|cancel the contract|escalate|紧急|立即|马上|法务|解约|终止/i,
  ],
  [
    'complaint',
    /disappointed|not happy|frustrat|ignored|unacceptable|complain|不满|失望|投诉|忽视|麻烦/i,
  ],
  ['billing', /invoice|bill|charged|refund|payment|credit note|发票|账单|扣费|退款|付款|对账/i],
  [
    'sales',
    /quote|pricing|price|discount|demo|upgrade|trial|reseller|报价|价格|折扣|演示|升级|试用|代理/i,
  ],
  [
    'technical',
    /error|timeout|time out|latency|api|http|429|500|tls|接口|报错|超时|延迟|密钥|证书/i,
  ],
];

export function keywordTriage(text: string): InquiryCategory {
  return KEYWORDS.find(([, re]) => re.test(text))?.[0] ?? 'technical';
}

/** How the triage model is trained (the defaults fit a laptop; the demo uses a smaller budget). */
export interface TriageBudget {
  epochs?: number;
  maxTrainRows?: number;
}

const HELD_OUT_MONTHS = 3;

export function runConfig(epochs: number): RunConfig {
  return {
    model: 'text-transformer',
    options: { embedDim: 32, numHeads: 2, ffDim: 64, numBlocks: 1, dropout: 0.1 },
    text: { sequenceLength: 64, maxTokens: 8000 },
    epochs,
    batchSize: 64,
    learningRate: 0.002,
    optimizer: 'adam',
    seed: 42,
    classWeights: 'balanced',
  };
}

/** Macro-F1 of predictions against labels (class indices), over the classes present. */
export function macroF1(predicted: number[], actual: number[], classes: string[]): number {
  const k = classes.length;
  const probs = new Float32Array(predicted.length * k);
  predicted.forEach((p, i) => {
    probs[i * k + p] = 1;
  });
  const present = new Set(actual);
  const scores = scoreClassification(probs, actual, classes).perClass.filter((_, c) =>
    present.has(c),
  );
  return scores.reduce((a, s) => a + s.f1, 0) / Math.max(scores.length, 1);
}

/**
 * The inquiry triage model: a text-transformer (the platform's template, as it is) trained on
 * every inquiry people settled — history and corrections — before the last three months, and
 * scored on those months per language against the keyword rules.
 */
export async function trainTriage(
  ctx: AppContext,
  data: BusinessData,
  refreshId: string,
  budget: TriageBudget = {},
): Promise<{ figure: ModelFigure }> {
  const settled = data.inquiries.filter((q) => q.final_category !== null);
  const cutoff = new Date(
    data.months[Math.max(0, data.months.length - HELD_OUT_MONTHS)]!.start,
  ).toISOString();
  const firstTest = settled.findIndex((q) => q.received_at >= cutoff);
  if (settled.length < 100 || firstTest < 50 || firstTest === settled.length) {
    throw intelligenceErrors.tooLittleData(
      'the triage model',
      '100 settled inquiries, 50 of them before the last three months',
    );
  }
  const dataset = await datasetVersionOf(
    ctx,
    'intelligence-triage',
    {
      kind: 'text',
      texts: settled.map((q) => q.text),
      labels: Uint16Array.from(settled, (q) =>
        INQUIRY_CATEGORIES.indexOf(q.final_category as InquiryCategory),
      ),
      classes: [...INQUIRY_CATEGORIES],
    },
    'intelligence:inquiries',
  );
  const epochs = budget.epochs ?? 3;
  const firstTrain = Math.max(0, firstTest - (budget.maxTrainRows ?? 12_000));
  const config = {
    ...runConfig(epochs),
    // Rows are in received order: the split is by time, recorded as row ranges of the version.
    split: {
      trainRows: [firstTrain, firstTest],
      testRows: [firstTest, settled.length],
      testFrom: cutoff,
    },
    baseline: 'keyword rules',
    threshold: DEFAULT_THRESHOLD,
    period: {
      trainedOn: {
        from: settled[firstTrain]!.received_at.slice(0, 7),
        to: settled[firstTest - 1]!.received_at.slice(0, 7),
      },
      heldOut: { from: cutoff.slice(0, 7), to: data.months.at(-1)!.label },
    },
  };
  const { version } = await trainedVersion(ctx, {
    model: 'intelligence-triage',
    template: 'text-transformer',
    dataset,
    config,
    refreshId,
    train: async () => {
      const { full } = await loadVersionRows(
        ctx,
        await findVersionRow(ctx, dataset.dataset, dataset.version),
      );
      const stored = full as TextDataset;
      const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
      const train = selectDatasetRows(stored, range(firstTrain, firstTest)) as TextDataset;
      const test = selectDatasetRows(stored, range(firstTest, settled.length)) as TextDataset;
      const outcome = await trainAndEvaluate(runConfig(epochs), { train, evaluate: test });
      try {
        const k = stored.classes.length;
        const probs = predictAll(outcome.model, applyPreprocessing(outcome.preprocessing, test));
        const predicted = Array.from({ length: test.texts.length }, (_, i) => {
          let best = 0;
          for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
          return best;
        });
        const keyword = test.texts.map((t) => stored.classes.indexOf(keywordTriage(t)));
        const actual = Array.from(test.labels);
        const byLanguage = Object.fromEntries(
          (['zh', 'en'] as const).map((language) => {
            const rows = test.texts.flatMap((t, i) => (detectLanguage(t) === language ? [i] : []));
            const pick = (xs: number[]) => rows.map((i) => xs[i]!);
            return [
              language,
              {
                rows: rows.length,
                macroF1: macroF1(pick(predicted), pick(actual), stored.classes),
                baselineMacroF1: macroF1(pick(keyword), pick(actual), stored.classes),
              },
            ];
          }),
        );
        const confident = predicted.flatMap((_, i) =>
          Math.max(...Array.from(probs.subarray(i * k, (i + 1) * k))) >= DEFAULT_THRESHOLD
            ? [i]
            : [],
        );
        await mkdir(ctx.paths.tmp, { recursive: true });
        const saved = await saveModel(
          outcome.model,
          await mkdtemp(path.join(ctx.paths.tmp, 'triage-')),
          outcome.preprocessing,
        );
        return {
          metrics: {
            macroF1: macroF1(predicted, actual, stored.classes),
            baselineMacroF1: macroF1(keyword, actual, stored.classes),
            accuracy: outcome.report.classification?.accuracy ?? null,
            byLanguage,
            perClass: outcome.report.classification?.perClass.map((c) => ({
              class: c.class,
              f1: c.f1,
              support: c.support,
            })),
            autoRouted: confident.length / Math.max(predicted.length, 1),
            autoRoutedAccuracy:
              confident.filter((i) => predicted[i] === actual[i]).length /
              Math.max(confident.length, 1),
            trainRows: train.texts.length,
            testRows: test.texts.length,
            trainSeconds: outcome.fit.seconds,
          },
          signature: {
            kind: 'text',
            task: 'classification',
            inputShape: [64],
            classes: stored.classes,
          },
          artifact: saved,
        };
      } finally {
        outcome.model.dispose();
      }
    },
  });
  const metrics = version.metrics as { macroF1: number; baselineMacroF1: number } & Record<
    string,
    unknown
  >;
  return {
    figure: {
      model: 'triage',
      version: modelRef(version),
      metric: 'macro_f1',
      higherIsBetter: true,
      value: metrics.macroF1,
      baseline: { name: 'keyword rules (zh and en)', value: metrics.baselineMacroF1 },
      beatsBaseline: metrics.macroF1 > metrics.baselineMacroF1,
      details: { ...metrics },
    },
  };
}
