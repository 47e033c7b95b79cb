import type * as tf from '@tensorflow/tfjs';
import { buildCnn, createCnn } from './cnn.ts';
import { createGpt } from './gpt.ts';
import type { ModelHead } from './head.ts';
import { buildFromLayerSpec } from './layer-spec.ts';
import { createLinearModel } from './linear.ts';
import { buildMlp, createMlp } from './mlp.ts';
import { resolveTemplateOptions, type TemplateOption } from './template-options.ts';
import { createTextRnn } from './text-rnn.ts';
import { createTextTransformer } from './text-transformer.ts';

/** 'corpus': running text without labels (`TextCorpus`), for language models. */
export type DataKind = 'image' | 'tabular' | 'text' | 'corpus';
export type Task = 'classification' | 'regression' | 'language-modeling';
/** The tasks of labelled rows (everything `fit` trains). */
export type LabelledTask = Exclude<Task, 'language-modeling'>;

/** The data a model is built for. */
export interface DataSpec {
  kind: DataKind;
  task: Task;
  /**
   * One example: [height, width, channels] images, [features] tabular, [sequenceLength] text,
   * [context] corpus.
   */
  inputShape: number[];
  /** Token ids known (text: including 0 for padding and 1 for unknown words; corpus: the tokenizer's). */
  vocabularySize?: number;
}

/** What `build` receives: the data, the output head (from task and loss), a seed, options. */
export interface BuildArgs extends DataSpec {
  head: ModelHead;
  seed: number;
  /** Template options, already checked and completed by `resolveTemplateOptions`. */
  options: Record<string, unknown>;
}

/** What the legacy `create` of the image templates receives. */
export interface ImageTemplateArgs {
  inputShape: [number, number, number];
  classes: number;
  learningRate: number;
  seed: number;
}

export interface ModelTemplate {
  name: string;
  description: string;
  kinds: DataKind[];
  tasks: Task[];
  /** Documented options, each with its default. */
  options: Record<string, TemplateOption>;
  /** null when the template fits the data, else a sentence saying why it does not. */
  accepts: (data: DataSpec) => string | null;
  /** Builds the (uncompiled) model. */
  build: (args: BuildArgs) => tf.LayersModel;
  /** The compiled image classifier of the first version of the API (cnn and mlp only). */
  create?: (args: ImageTemplateArgs) => tf.LayersModel;
}

const dropout: TemplateOption = {
  type: 'number',
  doc: 'dropout rate',
  default: 0.1,
  min: 0,
  max: 0.9,
};
const textOptions = {
  embedDim: { type: 'int', doc: 'width of the token vectors', default: 64, min: 1, max: 1024 },
} satisfies Record<string, TemplateOption>;

const templates: Record<string, ModelTemplate> = {
  cnn: {
    name: 'cnn',
    description:
      'Conv32-Pool-Conv64-Pool-Conv64-Dense64-head image classifier (28x28x1, 32x32x3, …)',
    kinds: ['image'],
    tasks: ['classification'],
    options: {},
    accepts: ({ inputShape: [h, w] }) =>
      h! >= 16 && w! >= 16 ? null : `cnn needs images of at least 16x16; got ${h}x${w}`,
    build: (a) =>
      buildCnn({
        inputShape: a.inputShape as [number, number, number],
        classes: a.head.units,
        head: a.head,
        seed: a.seed,
      }),
    create: (args) => createCnn(args),
  },
  mlp: {
    name: 'mlp',
    description:
      'multi-layer perceptron: [Flatten]-Dense(hidden…)-head, for images or tabular rows',
    kinds: ['image', 'tabular'],
    tasks: ['classification', 'regression'],
    options: {
      hidden: {
        type: 'int-list',
        doc: 'units of each hidden layer',
        default: [128],
        min: 1,
        max: 8192,
      },
      activation: {
        type: 'choice',
        doc: 'hidden activation',
        default: 'relu',
        choices: ['relu', 'tanh', 'sigmoid', 'gelu'],
      },
      dropout: { ...dropout, default: 0 },
    },
    accepts: () => null,
    build: (a) =>
      buildMlp({
        inputShape: a.inputShape,
        head: a.head,
        seed: a.seed,
        hidden: a.options.hidden as number[],
        activation: a.options.activation as 'relu',
        dropout: a.options.dropout as number,
      }),
    create: (args) => createMlp(args),
  },
  'linear-regression': {
    name: 'linear-regression',
    description: 'y = xW + b on standardised features, mean squared error',
    kinds: ['tabular'],
    tasks: ['regression'],
    options: {},
    accepts: () => null,
    build: (a) => createLinearModel({ inputShape: a.inputShape, head: a.head, seed: a.seed }),
  },
  'logistic-regression': {
    name: 'logistic-regression',
    description: 'softmax(xW + b) (sigmoid for binary cross-entropy) on standardised features',
    kinds: ['tabular'],
    tasks: ['classification'],
    options: {},
    accepts: () => null,
    build: (a) => createLinearModel({ inputShape: a.inputShape, head: a.head, seed: a.seed }),
  },
  'text-lstm': rnnTemplate('lstm'),
  'text-gru': rnnTemplate('gru'),
  'text-transformer': {
    name: 'text-transformer',
    description:
      'token+position embeddings, N encoder blocks (multi-head self-attention, layer norm, GELU feed-forward), mean pooling, head',
    kinds: ['text'],
    tasks: ['classification'],
    options: {
      ...textOptions,
      numHeads: {
        type: 'int',
        doc: 'attention heads per block (embedDim must divide by it)',
        default: 4,
        min: 1,
        max: 64,
      },
      ffDim: {
        type: 'int',
        doc: 'hidden width of the feed-forward network',
        default: 128,
        min: 1,
        max: 8192,
      },
      numBlocks: { type: 'int', doc: 'encoder blocks', default: 2, min: 1, max: 24 },
      dropout,
    },
    accepts: () => null,
    build: (a) =>
      createTextTransformer({
        vocabularySize: a.vocabularySize!,
        sequenceLength: a.inputShape[0]!,
        head: a.head,
        seed: a.seed,
        embedDim: a.options.embedDim as number,
        numHeads: a.options.numHeads as number,
        ffDim: a.options.ffDim as number,
        numBlocks: a.options.numBlocks as number,
        dropout: a.options.dropout as number,
      }),
  },
  gpt: {
    name: 'gpt',
    description:
      'decoder-only Transformer language model: token (+ learned or rotary position) embeddings, N pre-LayerNorm blocks (causal multi-head attention, GELU MLP), tied output embedding; trained on a text corpus with a byte-level BPE tokenizer',
    kinds: ['corpus'],
    tasks: ['language-modeling'],
    options: {
      vocabSize: {
        type: 'int',
        doc: 'tokens of the byte-level BPE tokenizer trained on the corpus (256 bytes + merges + <|endoftext|>)',
        default: 2048,
        min: 257,
        max: 65_536,
      },
      context: { type: 'int', doc: 'longest sequence in tokens', default: 128, min: 2, max: 8192 },
      layers: { type: 'int', doc: 'decoder blocks', default: 4, min: 1, max: 48 },
      width: { type: 'int', doc: 'model width', default: 128, min: 8, max: 8192 },
      heads: {
        type: 'int',
        doc: 'attention heads per block (width must divide by it)',
        default: 4,
        min: 1,
        max: 128,
      },
      ffDim: {
        type: 'int',
        doc: 'MLP hidden width (0: 4 × width)',
        default: 0,
        min: 0,
        max: 32_768,
      },
      positions: {
        type: 'choice',
        doc: 'learned position vectors or rotary embeddings',
        default: 'learned',
        choices: ['learned', 'rotary'],
      },
      dropout,
    },
    accepts: () => null,
    build: (a) =>
      createGpt({
        vocabSize: a.vocabularySize!,
        context: a.options.context as number,
        layers: a.options.layers as number,
        width: a.options.width as number,
        heads: a.options.heads as number,
        ffDim: (a.options.ffDim as number) || undefined,
        positions: a.options.positions as 'learned' | 'rotary',
        dropout: a.options.dropout as number,
        seed: a.seed,
      }),
  },
  layers: {
    name: 'layers',
    description: 'a model given as a JSON list of layers (option "layers"); the head is appended',
    kinds: ['image', 'tabular', 'text'],
    tasks: ['classification', 'regression'],
    options: { layers: { type: 'json', doc: 'JSON array of {"type": …, …layer arguments}' } },
    accepts: () => null,
    build: (a) =>
      buildFromLayerSpec(a.options.layers, {
        inputShape: a.inputShape,
        head: a.head,
        seed: a.seed,
      }),
  },
};

function rnnTemplate(cell: 'lstm' | 'gru'): ModelTemplate {
  return {
    name: `text-${cell}`,
    description: `embedding (padding masked)-${cell.toUpperCase()}-dropout-head text classifier`,
    kinds: ['text'],
    tasks: ['classification'],
    options: {
      ...textOptions,
      units: {
        type: 'int',
        doc: `units of the ${cell.toUpperCase()}`,
        default: 64,
        min: 1,
        max: 4096,
      },
      bidirectional: { type: 'boolean', doc: 'read the text both ways', default: false },
      dropout: { ...dropout, default: 0.2 },
    },
    accepts: () => null,
    build: (a) =>
      createTextRnn({
        cell,
        vocabularySize: a.vocabularySize!,
        sequenceLength: a.inputShape[0]!,
        head: a.head,
        seed: a.seed,
        embedDim: a.options.embedDim as number,
        units: a.options.units as number,
        bidirectional: a.options.bidirectional as boolean,
        dropout: a.options.dropout as number,
      }),
  };
}

export function templateNames(): string[] {
  return Object.keys(templates);
}

export function getTemplate(name: string): ModelTemplate | undefined {
  return Object.hasOwn(templates, name) ? templates[name] : undefined;
}

/**
 * Why `template` cannot train on `data` (kind, task or shape), or null when it can. Checked
 * before a job is queued so a bad pairing never starts.
 */
export function templateMismatch(template: ModelTemplate, data: DataSpec): string | null {
  if (!template.kinds.includes(data.kind)) {
    return `template ${template.name} trains on ${template.kinds.join(' or ')} data; this dataset is ${data.kind}`;
  }
  if (!template.tasks.includes(data.task)) {
    return `template ${template.name} does ${template.tasks.join(' or ')}; this dataset's task is ${data.task}`;
  }
  return template.accepts(data);
}

/** Checks the options and builds the model in one step. */
export function buildTemplate(
  template: ModelTemplate,
  args: Omit<BuildArgs, 'options'> & { options?: Record<string, unknown> },
): tf.LayersModel {
  const options = resolveTemplateOptions(template.name, template.options, args.options);
  return template.build({ ...args, options });
}
