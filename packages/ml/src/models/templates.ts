import type * as tf from '@tensorflow/tfjs';
import { createCnn } from './cnn.ts';
import { createMlp } from './mlp.ts';

/** What every image-classification template receives. */
export interface ImageTemplateArgs {
  inputShape: [number, number, number];
  classes: number;
  learningRate: number;
  seed: number;
}

export interface ModelTemplate {
  name: string;
  description: string;
  /** Shapes of input this template accepts, as a check before training. */
  accepts: (inputShape: [number, number, number]) => string | null;
  create: (args: ImageTemplateArgs) => tf.LayersModel;
}

const templates: Record<string, ModelTemplate> = {
  cnn: {
    name: 'cnn',
    description:
      'Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense(classes) image classifier, Adam, categorical cross-entropy',
    accepts: ([h, w]) =>
      h >= 16 && w >= 16 ? null : `cnn needs images of at least 16x16; got ${h}x${w}`,
    create: (args) => createCnn(args),
  },
  mlp: {
    name: 'mlp',
    description:
      'Flatten-Dense128(relu)-Dense(classes) perceptron, Adam, categorical cross-entropy',
    accepts: () => null,
    create: (args) => createMlp(args),
  },
};

export function templateNames(): string[] {
  return Object.keys(templates);
}

export function getTemplate(name: string): ModelTemplate | undefined {
  return Object.hasOwn(templates, name) ? templates[name] : undefined;
}
