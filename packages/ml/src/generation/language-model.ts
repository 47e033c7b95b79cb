import { DecoderEngine } from '@qudao/kernels';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  loadModel,
  loadPreprocessing,
  type SavedModel,
  saveModel,
} from '../artifacts/artifacts.ts';
import { BpeTokenizer, bpeTokenizerJsonSchema } from '../data/bpe-tokenizer.ts';
import { type GptConfig, gptConfigSchema, gptWeightsOf, resolveGptConfig } from '../models/gpt.ts';
import {
  BatchedDecoder,
  type Completion,
  type GenerationOptions,
  type GenerationStream,
} from './batched-decoder.ts';

/** What is saved beside a language model's weights (preprocessing.json): its shape and tokenizer. */
export const languageModelFileSchema = z.object({
  kind: z.literal('language-model'),
  gpt: gptConfigSchema,
  tokenizer: bpeTokenizerJsonSchema,
});
export type LanguageModelFile = z.infer<typeof languageModelFileSchema>;

/** A saved model is not a language model (or its file is broken); `code` is stable. */
export class LanguageModelFormatError extends Error {
  readonly code = 'registry.not_a_language_model';
  constructor(message: string) {
    super(message);
    this.name = 'LanguageModelFormatError';
  }
}

/**
 * A trained GPT with its tokenizer: generation (one stream or a continuous batch), embeddings
 * and saving. Generation and embeddings run on the decode engine (native on 'qudao-cpu' builds,
 * TypeScript otherwise) from a copy of the weights taken when this object is made.
 */
export class LanguageModel {
  private embedder: DecoderEngine | null = null;

  private constructor(
    readonly model: tf.LayersModel,
    readonly config: GptConfig,
    readonly tokenizer: BpeTokenizer,
    private readonly weights = gptWeightsOf(model, config),
  ) {}

  static fromModel(
    model: tf.LayersModel,
    config: GptConfig,
    tokenizer: BpeTokenizer,
  ): LanguageModel {
    if (config.vocabSize !== tokenizer.vocabSize) {
      throw new LanguageModelFormatError(
        `the model has ${config.vocabSize} tokens and the tokenizer ${tokenizer.vocabSize}; they must be the pair trained together`,
      );
    }
    return new LanguageModel(model, resolveGptConfig(config), tokenizer);
  }

  /** Saves the model (TensorFlow.js Layers format) with its config and tokenizer. */
  save(dir: string): Promise<SavedModel> {
    const file: LanguageModelFile = {
      kind: 'language-model',
      gpt: this.config,
      tokenizer: this.tokenizer.toJSON(),
    };
    return saveModel(this.model, dir, file);
  }

  static async load(dir: string): Promise<LanguageModel> {
    const parsed = languageModelFileSchema.safeParse(await loadPreprocessing(dir));
    if (!parsed.success) {
      throw new LanguageModelFormatError(
        `${dir} holds no language model (preprocessing.json is not a language-model file): ${parsed.error.issues[0]?.message}`,
      );
    }
    const model = await loadModel(dir);
    const config = resolveGptConfig(parsed.data.gpt);
    return LanguageModel.fromModel(model, config, BpeTokenizer.fromJSON(parsed.data.tokenizer));
  }

  /** A continuous batch of up to `slots` concurrent streams (the gateway's decoder). */
  createDecoder(options: {
    slots: number;
    maxContext?: number;
    engine?: 'native' | 'typescript';
  }): BatchedDecoder {
    const engine = new DecoderEngine(
      this.weights,
      options.slots,
      options.maxContext ?? this.config.context,
      options.engine,
    );
    return new BatchedDecoder(engine, this.tokenizer);
  }

  /** One stream, stepped by the caller: `session.step()` until `session.stream.finishReason`. */
  startSession(prompt: string | number[], options: GenerationOptions = {}): GenerationSession {
    return new GenerationSession(this.createDecoder({ slots: 1 }), prompt, options);
  }

  /** Generates one completion of `prompt`. */
  async generate(prompt: string | number[], options: GenerationOptions = {}): Promise<Completion> {
    const decoder = this.createDecoder({ slots: 1 });
    const stream = decoder.join(prompt, options);
    await decoder.drain();
    return stream.done;
  }

  /**
   * Embeddings: the mean of the final layer norm's outputs over each text's tokens (the first
   * `context` tokens of a longer text), one vector of `width` floats per text.
   */
  embed(texts: string[]): { vectors: Float32Array[]; tokens: number } {
    this.embedder ??= new DecoderEngine(this.weights, 1, this.config.context);
    const W = this.config.width;
    let used = 0;
    const vectors = texts.map((text) => {
      let ids = this.tokenizer.encode(text);
      if (ids.length === 0 && this.tokenizer.endOfText !== undefined)
        ids = [this.tokenizer.endOfText];
      ids = ids.slice(0, this.config.context);
      used += ids.length;
      const n = ids.length;
      const { hidden } = this.embedder!.run(
        Int32Array.from(ids),
        new Int32Array(n),
        Int32Array.from({ length: n }, (_, i) => i),
        [],
      );
      const mean = new Float32Array(W);
      for (let r = 0; r < n; r++) for (let c = 0; c < W; c++) mean[c]! += hidden[r * W + c]! / n;
      return mean;
    });
    return { vectors, tokens: used };
  }
}

/** A single generation stepped token by token (a decoder of one slot). */
export class GenerationSession {
  readonly stream: GenerationStream;

  constructor(
    private readonly decoder: BatchedDecoder,
    prompt: string | number[],
    options: GenerationOptions,
  ) {
    this.stream = decoder.join(prompt, options);
  }

  /** Generates the next token; returns the newly showable text ('' once finished). */
  step(): string {
    if (this.stream.finishReason !== null) return '';
    const before = this.stream.text.length;
    this.decoder.step();
    return this.stream.text.slice(before);
  }

  get finished(): boolean {
    return this.stream.finishReason !== null;
  }
}
