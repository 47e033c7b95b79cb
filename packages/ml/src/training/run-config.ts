import type { LabelEncoding } from '../losses/losses.ts';
import { labelEncodingOf, lossMismatch } from '../losses/losses.ts';
import { resolveGptConfig } from '../models/gpt.ts';
import type { ModelHead } from '../models/head.ts';
import { LayerSpecError } from '../models/layer-spec.ts';
import { resolveTemplateOptions, TemplateOptionError } from '../models/template-options.ts';
import {
  buildTemplate,
  type DataSpec,
  getTemplate,
  templateMismatch,
  templateNames,
} from '../models/templates.ts';
import type { LossName, OptimizerName } from '../names.ts';
import { optimizerMismatch } from '../optimizers/optimizers.ts';
import type { ScheduleConfig } from '../optimizers/schedules.ts';
import type { EarlyStoppingConfig } from './fit.ts';
import type { TextSettings } from './prepare.ts';

/** Everything that decides how one model is trained: template, loss, optimizer and the rest. */
export interface RunConfig {
  /** Template name: cnn, mlp, text-transformer, … */
  model: string;
  /** Template options (see each template's `options`). */
  options?: Record<string, unknown>;
  /** Default: sparse categorical cross-entropy for classes, mean squared error for targets. */
  loss?: LossName;
  /** How class labels reach the loss (default: what the loss expects). */
  labels?: 'index' | 'one-hot';
  huberDelta?: number;
  optimizer?: OptimizerName;
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  schedule?: ScheduleConfig;
  epochs: number;
  batchSize: number;
  seed: number;
  earlyStopping?: EarlyStoppingConfig;
  /** Held out of the training split for validation when the dataset has no validation split. */
  validationFraction?: number;
  clipNorm?: number;
  clipValue?: number;
  /** 'balanced' or one weight per class. */
  classWeights?: 'balanced' | number[];
  text?: TextSettings;
}

/** What is known about the data before it is loaded (from the dataset version's manifest). */
export interface DataFacts extends Omit<DataSpec, 'vocabularySize'> {
  classes: string[];
  /** Rows per class in the training data (classification). */
  classCounts?: number[];
}

/** A config that cannot train on this data: a stable code and a sentence saying what to fix. */
export interface ConfigProblem {
  code:
    | 'training.unknown_template'
    | 'training.unsuitable_data'
    | 'training.one_class'
    | 'training.loss_mismatch'
    | 'training.bad_learning_rate'
    | 'training.bad_optimizer'
    | 'training.bad_template_option'
    | 'training.bad_layer_spec'
    | 'training.bad_class_weights';
  message: string;
}

export function lossOf(config: RunConfig, task: 'classification' | 'regression'): LossName {
  // Language models train on next-token cross-entropy (trainLanguageModelRun), not a LossName.
  if (config.loss) return config.loss;
  if (task === 'regression') return 'meanSquaredError';
  return config.labels === 'one-hot' ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy';
}

export function labelEncodingFor(
  config: RunConfig,
  task: 'classification' | 'regression',
): LabelEncoding {
  if (task === 'regression') return 'continuous';
  return config.labels ?? labelEncodingOf(lossOf(config, task));
}

/** The output layer that fits the task and the loss. */
export function headFor(
  loss: LossName,
  task: 'classification' | 'regression',
  classes: number,
): ModelHead {
  if (task === 'regression') return { units: 1, activation: 'linear' };
  if (loss === 'binaryCrossentropy') return { units: 1, activation: 'sigmoid' };
  return { units: classes, activation: 'softmax' };
}

/**
 * Every check that can be made before any data is loaded or any weight trained: the template
 * exists and fits the data, the data has two classes or more, the loss fits the labels, the
 * optimizer settings are numbers that can train, the template options and layer spec build.
 */
export function checkRunConfig(config: RunConfig, data: DataFacts): ConfigProblem | null {
  const template = getTemplate(config.model);
  if (!template) {
    return {
      code: 'training.unknown_template',
      message: `unknown model template "${config.model}"; templates: ${templateNames().join(', ')}`,
    };
  }
  const mismatch = templateMismatch(template, data);
  if (mismatch) return { code: 'training.unsuitable_data', message: mismatch };
  if (data.task === 'language-modeling') return checkLanguageModelConfig(config, template);
  if (data.task === 'classification') {
    const present = data.classCounts
      ? data.classCounts.filter((n) => n > 0).length
      : data.classes.length;
    if (present < 2) {
      return {
        code: 'training.one_class',
        message: `the training data has ${present} class${present === 1 ? '' : 'es'} (${data.classes.join(', ') || 'none'}); a classifier needs examples of at least 2`,
      };
    }
  }
  if (!Number.isFinite(config.learningRate) || config.learningRate <= 0) {
    return {
      code: 'training.bad_learning_rate',
      message: `the learning rate must be a finite number above 0; got ${config.learningRate}`,
    };
  }
  const loss = lossOf(config, data.task);
  const lossProblem = lossMismatch(loss, {
    task: data.task,
    classes: data.classes.length,
    encoding: data.task === 'classification' ? labelEncodingFor(config, data.task) : undefined,
  });
  if (lossProblem) return { code: 'training.loss_mismatch', message: lossProblem };
  const optimizerProblem = optimizerMismatch({
    name: config.optimizer ?? 'adam',
    learningRate: config.learningRate,
    momentum: config.momentum,
    weightDecay: config.weightDecay,
  });
  if (optimizerProblem) return { code: 'training.bad_optimizer', message: optimizerProblem };
  if (Array.isArray(config.classWeights) && config.classWeights.length !== data.classes.length) {
    return {
      code: 'training.bad_class_weights',
      message: `give one class weight per class (${data.classes.length}); got ${config.classWeights.length}`,
    };
  }
  try {
    resolveTemplateOptions(template.name, template.options, config.options);
    if (template.name === 'layers') {
      // A dry build catches a spec that does not fit the data before a job is queued.
      const model = buildTemplate(template, {
        ...data,
        vocabularySize: config.text?.maxTokens ?? 20_000,
        inputShape: data.kind === 'text' ? [config.text?.sequenceLength ?? 128] : data.inputShape,
        head: headFor(loss, data.task, data.classes.length),
        seed: config.seed,
        options: config.options,
      });
      model.dispose();
    }
  } catch (error) {
    if (error instanceof TemplateOptionError || error instanceof LayerSpecError) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  return null;
}

/** The checks of `checkRunConfig` that apply to a language model (next-token loss, AdamW). */
function checkLanguageModelConfig(
  config: RunConfig,
  template: NonNullable<ReturnType<typeof getTemplate>>,
): ConfigProblem | null {
  if (!Number.isFinite(config.learningRate) || config.learningRate <= 0) {
    return {
      code: 'training.bad_learning_rate',
      message: `the learning rate must be a finite number above 0; got ${config.learningRate}`,
    };
  }
  try {
    const o = resolveTemplateOptions(template.name, template.options, config.options);
    resolveGptConfig({
      vocabSize: o.vocabSize as number,
      context: o.context as number,
      layers: o.layers as number,
      width: o.width as number,
      heads: o.heads as number,
      positions: o.positions as 'learned' | 'rotary',
    });
  } catch (error) {
    if (error instanceof TemplateOptionError) return { code: error.code, message: error.message };
    return { code: 'training.bad_template_option', message: (error as Error).message };
  }
  return null;
}
