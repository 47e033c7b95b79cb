import { LOSS_NAMES, OPTIMIZER_NAMES } from '@qudao/ml/names';
import { z } from 'zod';

const positive = z.number().positive();

/** A training run's configuration: what the API, the CLI and the job payload carry. */
export const TrainingConfigSchema = z
  .object({
    dataset: z.string().min(1),
    datasetVersion: z.number().int().positive().optional(),
    /** Template name: cnn, mlp, text-lstm, text-gru, text-transformer, linear-regression, … */
    model: z.string().min(1),
    modelName: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,63}$/,
        'use 1-64 lowercase letters, digits, dot, dash or underscore',
      )
      .optional(),
    /** Groups runs for `qudao runs list --experiment`. */
    experiment: z.string().min(1).max(100).optional(),
    /** Template options, checked against the template's declared options. */
    options: z.record(z.string(), z.unknown()).optional(),
    epochs: z.number().int().min(1).max(1000).default(5),
    batchSize: z.number().int().min(1).max(4096).default(64),
    learningRate: positive.max(10).default(0.001),
    seed: z.number().int().min(0).default(42),
    loss: z.enum(LOSS_NAMES).optional(),
    labels: z.enum(['index', 'one-hot']).optional(),
    huberDelta: positive.optional(),
    optimizer: z.enum(OPTIMIZER_NAMES).default('adam'),
    momentum: z.number().min(0).max(0.9999).optional(),
    nesterov: z.boolean().optional(),
    weightDecay: z.number().min(0).optional(),
    schedule: z
      .object({
        type: z.enum(['constant', 'step', 'cosine']),
        warmupEpochs: z.number().min(0).optional(),
        stepEpochs: positive.optional(),
        gamma: positive.optional(),
        minLearningRate: z.number().min(0).optional(),
      })
      .optional(),
    earlyStopping: z
      .object({
        monitor: z.enum(['valLoss', 'valAccuracy', 'loss', 'accuracy']).optional(),
        patience: z.number().int().min(0),
        minDelta: z.number().min(0).optional(),
        restoreBestWeights: z.boolean().optional(),
      })
      .optional(),
    validationFraction: z.number().min(0).max(0.5).optional(),
    clipNorm: positive.optional(),
    clipValue: positive.optional(),
    classWeights: z.union([z.literal('balanced'), z.array(z.number().min(0))]).optional(),
    text: z
      .object({
        maxTokens: z.number().int().min(3).max(1_000_000).optional(),
        sequenceLength: z.number().int().min(1).max(4096).optional(),
        /** chinese (default: jieba words for Chinese, words for the rest), chars, or word. */
        tokenizer: z.enum(['chinese', 'chars', 'word']).optional(),
      })
      .optional(),
    /** Save the model after every epoch so a stopped run keeps its last weights (default true). */
    checkpoints: z.boolean().default(true),
    /** Start from the last checkpoint of this (failed or cancelled) run instead of fresh weights. */
    resumeRun: z.string().min(1).optional(),
  })
  .meta({ id: 'TrainingConfig' });

export type StartTrainingInput = z.input<typeof TrainingConfigSchema>;
export type TrainingConfig = z.output<typeof TrainingConfigSchema>;

const SearchValues = z.union([
  z.array(z.unknown()).min(1),
  z.object({
    min: z.number(),
    max: z.number(),
    scale: z.enum(['linear', 'log']).optional(),
    integer: z.boolean().optional(),
  }),
]);

/** A hyperparameter search: a base config, the values to try, and what to optimise. */
export const SearchSchema = z.object({
  base: TrainingConfigSchema,
  strategy: z.enum(['grid', 'random']),
  /** Keys of the config ("learningRate", "options.units") to the values to try. */
  space: z.record(z.string(), SearchValues),
  /** Random search: trials to draw (default 8). */
  trials: z.number().int().min(1).max(200).default(8),
  /** Headline metric to rank trials by, e.g. accuracy, f1Macro, rmse (default by task). */
  objective: z.string().optional(),
  /** Register the best trial's model as a version (default true). */
  registerBest: z.boolean().default(true),
});

export type StartSearchInput = z.input<typeof SearchSchema>;

/** k-fold cross-validation of one config on a dataset version (all its labelled rows). */
export const CrossValidationSchema = z.object({
  config: TrainingConfigSchema,
  folds: z.number().int().min(2).max(50).default(5),
});

export type StartCrossValidationInput = z.input<typeof CrossValidationSchema>;

/** `qudao eval`: a registered version scored on a split of a dataset version. */
export const EvaluateSchema = z.object({
  /** `<model>@<version>` or `<model>@<alias>`. */
  model: z.string().min(1),
  dataset: z.string().min(1),
  datasetVersion: z.number().int().positive().optional(),
  split: z.enum(['train', 'test', 'validation']).default('test'),
});

export type EvaluateInput = z.input<typeof EvaluateSchema>;
