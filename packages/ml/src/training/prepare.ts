import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../data/dataset-types.ts';
import { isLightOnDark } from '../data/image-input.ts';
import { MlError } from '../errors.ts';
import type { LabelEncoding } from '../losses/losses.ts';
import type { DataSpec, LabelledTask } from '../models/templates.ts';
import {
  buildVocabulary,
  DEFAULT_TEXT_TOKENIZER,
  encodeTexts,
  type TextTokenizer,
} from './text-vectorizer.ts';

/**
 * How raw examples become model inputs, fitted on the training split and stored with the
 * model so evaluation and serving transform data exactly as training did.
 */
export type Preprocessing =
  | {
      kind: 'image';
      shape: number[];
      scale: number;
      /** Trained on light-on-dark grayscale (MNIST): served drawings on light paper are inverted. */
      invertLightBackground?: boolean;
    }
  | {
      kind: 'tabular';
      columns: string[];
      mean: number[];
      std: number[];
      /** Regression: the model predicts (target − mean) / std. */
      target?: { name: string; mean: number; std: number };
    }
  | {
      kind: 'text';
      vocabulary: string[];
      sequenceLength: number;
      /** How texts were split; absent in models saved before it was recorded (`legacy`). */
      tokenizer?: TextTokenizer;
    };

/** Examples ready for tensors: inputs per row, plus class indices or a standardised target. */
export interface PreparedData {
  spec: DataSpec & { task: LabelledTask };
  classes: string[];
  n: number;
  /** Row-major inputs, n × prod(spec.inputShape). */
  x: Float32Array;
  labels?: Uint16Array;
  /** Standardised regression target. */
  target?: Float32Array;
}

export interface TextSettings {
  /** Vocabulary size including <pad> and <unk> (default 20,000). */
  maxTokens?: number;
  /** Tokens per text (default 128). */
  sequenceLength?: number;
  /** How texts are split (default `chinese`: jieba words for Chinese, words for the rest). */
  tokenizer?: Exclude<TextTokenizer, 'legacy'>;
}

/** Fits the preprocessing on the training split. */
export function fitPreprocessing(train: LoadedDataset, text: TextSettings = {}): Preprocessing {
  if (train.kind === 'image') {
    return {
      kind: 'image',
      shape: [...train.shape],
      scale: 1 / 255,
      invertLightBackground: isLightOnDark(train.images, train.shape),
    };
  }
  if (train.kind === 'text') {
    const sequenceLength = text.sequenceLength ?? 128;
    const tokenizer = text.tokenizer ?? DEFAULT_TEXT_TOKENIZER;
    return {
      kind: 'text',
      vocabulary: buildVocabulary(train.texts, text.maxTokens ?? 20_000, sequenceLength, tokenizer),
      sequenceLength,
      tokenizer,
    };
  }
  const d = train.columns.length;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let r = 0; r < train.rowCount; r++) {
    for (let c = 0; c < d; c++) mean[c]! += train.features[r * d + c]! / train.rowCount;
  }
  for (let r = 0; r < train.rowCount; r++) {
    for (let c = 0; c < d; c++)
      sq[c]! += (train.features[r * d + c]! - mean[c]!) ** 2 / train.rowCount;
  }
  const std = sq.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1));
  const out: Preprocessing = { kind: 'tabular', columns: [...train.columns], mean, std };
  if (train.task === 'regression' && train.target) {
    const t = train.target;
    const m = t.reduce((a, b) => a + b, 0) / t.length;
    const s = Math.sqrt(t.reduce((a, b) => a + (b - m) ** 2, 0) / t.length) || 1;
    out.target = { name: train.targetName, mean: m, std: s };
  }
  return out;
}

/** Applies fitted preprocessing to any split of the same dataset. */
export function applyPreprocessing(p: Preprocessing, data: LoadedDataset): PreparedData {
  if (p.kind === 'image' && data.kind === 'image') {
    const x = new Float32Array(data.images.length);
    for (let i = 0; i < x.length; i++) x[i] = data.images[i]! * p.scale;
    return {
      spec: { kind: 'image', task: 'classification', inputShape: p.shape },
      classes: data.classes,
      n: data.labels.length,
      x,
      labels: data.labels,
    };
  }
  if (p.kind === 'text' && data.kind === 'text') {
    return {
      spec: {
        kind: 'text',
        task: 'classification',
        inputShape: [p.sequenceLength],
        vocabularySize: p.vocabulary.length,
      },
      classes: data.classes,
      n: data.texts.length,
      x: encodeTexts(data.texts, p.vocabulary, p.sequenceLength, p.tokenizer ?? 'legacy'),
      labels: data.labels,
    };
  }
  if (p.kind === 'tabular' && data.kind === 'tabular') {
    const d = p.columns.length;
    const x = new Float32Array(data.rowCount * d);
    for (let i = 0; i < x.length; i++) x[i] = (data.features[i]! - p.mean[i % d]!) / p.std[i % d]!;
    const target =
      p.target && data.target
        ? Float32Array.from(data.target, (v) => (v - p.target!.mean) / p.target!.std)
        : undefined;
    return {
      spec: { kind: 'tabular', task: data.task, inputShape: [d] },
      classes: data.classes ?? [],
      n: data.rowCount,
      x,
      labels: data.labels,
      target,
    };
  }
  throw new MlError(
    'signature_mismatch',
    `this model reads ${p.kind} data; it cannot take a ${data.kind} dataset`,
  );
}

/** The input and target tensors of the given rows, targets in the loss's label encoding. */
export function batchOf(
  data: PreparedData,
  rows: ArrayLike<number>,
  encoding: LabelEncoding,
): { x: tf.Tensor; y: tf.Tensor } {
  const width = data.spec.inputShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    xs.set(data.x.subarray(r * width, (r + 1) * width), i * width);
  }
  const x = tf.tensor(xs, [rows.length, ...data.spec.inputShape]);
  const k = data.classes.length;
  let y: tf.Tensor;
  if (data.target) {
    y = tf.tensor2d(
      Float32Array.from(rows, (r) => data.target![r]!),
      [rows.length, 1],
    );
  } else if (encoding === 'one-hot') {
    const ys = new Float32Array(rows.length * k);
    for (let i = 0; i < rows.length; i++) ys[i * k + data.labels![rows[i]!]!] = 1;
    y = tf.tensor2d(ys, [rows.length, k]);
  } else {
    y = tf.tensor1d(Float32Array.from(rows, (r) => data.labels![r]!));
  }
  return { x, y };
}
