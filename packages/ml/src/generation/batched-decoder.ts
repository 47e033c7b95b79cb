// Continuous batching: a running batch of generation streams that requests join and leave
// between decode steps. Each step is one pass of the decode engine over a row per running
// stream and the prompts of the streams that join now (their first token comes out of that
// pass); each stream's next token is sampled with its own seeded generator, and the streams
// that finished (stop sequence, end of text, max tokens, end of context) leave, freeing their
// cache slots for the next joiners.
import type { DecoderEngine } from '@qudao/kernels';
import { z } from 'zod';
import type { BpeTokenizer } from '../data/bpe-tokenizer.ts';
import { createRng } from '../data/random.ts';
import { argmax, drawToken, type Sampling, samplingSchema } from './sampling.ts';
import { StopSequenceFilter } from './stop-sequences.ts';

/** One request's generation settings (zod-checked at `join`). */
export const generationOptionsSchema = samplingSchema.extend({
  /** Tokens to generate at most (OpenAI `max_tokens`). */
  maxTokens: z.number().int().min(1).max(65_536).default(64),
  /** Seed of the sampler: the same seed, prompt and settings give the same text. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0),
  /** Generation ends before the first of these strings; it is not part of the text. */
  stop: z.array(z.string().min(1)).max(16).default([]),
});
export type GenerationOptions = z.input<typeof generationOptionsSchema>;

/** Why a stream ended: a stop sequence or end of text ('stop'), max tokens or context ('length'). */
export type FinishReason = 'stop' | 'length' | 'cancelled';

export interface Completion {
  text: string;
  tokens: number[];
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from `join` to the first token. */
  timeToFirstTokenMs: number;
}

/** A generation could not start; `code` is stable for callers (the gateway maps it). */
export class GenerationError extends Error {
  constructor(
    readonly code: 'generation.context_exceeded' | 'generation.empty_prompt',
    message: string,
  ) {
    super(message);
    this.name = 'GenerationError';
  }
}

/** One request in a batch: its tokens so far and its text as it may be shown. */
export class GenerationStream {
  readonly tokens: number[] = [];
  text = '';
  finishReason: FinishReason | null = null;
  readonly done: Promise<Completion>;
  /** Called with each piece of newly showable text. */
  onText: ((delta: string) => void) | null = null;
  timeToFirstTokenMs = Number.NaN;
  slot = -1;
  position = 0;
  private resolve!: (c: Completion) => void;
  private readonly stops: StopSequenceFilter;
  private readonly decoder: ReturnType<BpeTokenizer['streamDecoder']>;
  readonly random: () => number;
  cancelled = false;

  constructor(
    readonly prompt: number[],
    readonly sampling: Sampling,
    readonly maxTokens: number,
    stop: string[],
    tokenizer: BpeTokenizer,
    readonly joinedAt: number,
    seed: number,
  ) {
    this.stops = new StopSequenceFilter(stop);
    this.decoder = tokenizer.streamDecoder();
    this.random = createRng(seed);
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  /** Leave the batch at the next step (a client went away). */
  cancel(): void {
    this.cancelled = true;
  }

  /** Appends a sampled token; returns true when the stream has finished. */
  accept(token: number, endOfText: number | undefined, context: number): boolean {
    if (this.tokens.length === 0) this.timeToFirstTokenMs = performance.now() - this.joinedAt;
    if (token === endOfText) return this.finish('stop');
    this.tokens.push(token);
    this.emit(this.stops.push(this.decoder.push(token)));
    if (this.stops.stopped) return this.finish('stop');
    if (this.tokens.length >= this.maxTokens) return this.finish('length');
    if (this.prompt.length + this.tokens.length >= context) return this.finish('length');
    return false;
  }

  finish(reason: FinishReason): true {
    if (!this.stops.stopped) this.emit(this.stops.push(this.decoder.flush()));
    this.emit(this.stops.flush());
    this.finishReason = reason;
    this.resolve({
      text: this.text,
      tokens: [...this.tokens],
      finishReason: reason,
      promptTokens: this.prompt.length,
      completionTokens: this.tokens.length,
      timeToFirstTokenMs: this.timeToFirstTokenMs,
    });
    return true;
  }

  private emit(delta: string): void {
    if (!delta) return;
    this.text += delta;
    this.onText?.(delta);
  }
}

/**
 * A batch of concurrent generations on one decode engine of `engine.slots` slots. `join`
 * queues a request; `step` advances every running stream by one token (new ones by their
 * prompt and first token). Streams beyond the free slots wait in order.
 */
export class BatchedDecoder {
  private readonly running: GenerationStream[] = [];
  private readonly waiting: GenerationStream[] = [];
  private readonly free: number[];

  constructor(
    readonly engine: DecoderEngine,
    readonly tokenizer: BpeTokenizer,
  ) {
    this.free = Array.from({ length: engine.slots }, (_, i) => engine.slots - 1 - i);
  }

  get activeCount(): number {
    return this.running.length;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Queues a request (a prompt as text or token ids); it runs from the next `step`. */
  join(prompt: string | number[], options: GenerationOptions = {}): GenerationStream {
    const o = generationOptionsSchema.parse(options);
    const ids = typeof prompt === 'string' ? this.tokenizer.encode(prompt) : [...prompt];
    if (ids.length === 0) {
      // An empty prompt starts from the end-of-text token, as a new document would.
      const eot = this.tokenizer.endOfText;
      if (eot === undefined)
        throw new GenerationError('generation.empty_prompt', 'give a prompt of at least one token');
      ids.push(eot);
    }
    if (ids.length >= this.engine.maxContext) {
      throw new GenerationError(
        'generation.context_exceeded',
        `the prompt has ${ids.length} tokens; this model reads at most ${this.engine.maxContext} (prompt and completion together): shorten the prompt`,
      );
    }
    const stream = new GenerationStream(
      ids,
      o,
      o.maxTokens,
      o.stop,
      this.tokenizer,
      performance.now(),
      o.seed,
    );
    this.waiting.push(stream);
    return stream;
  }

  /**
   * Advances the batch by one token; returns the number of streams still running or waiting.
   * One engine pass serves the step: a row per running stream (its last token) and the whole
   * prompt of each stream that takes a free slot now (its first token comes out of it).
   */
  step(): number {
    const eot = this.tokenizer.endOfText;
    const context = this.engine.maxContext;
    this.retire();
    const decoding = this.running.slice();
    const joining: GenerationStream[] = [];
    while (this.waiting.length > 0 && this.free.length > 0) {
      const s = this.waiting.shift()!;
      if (s.cancelled) {
        s.finish('cancelled');
        continue;
      }
      s.slot = this.free.pop()!;
      joining.push(s);
    }
    const rows = decoding.length + joining.reduce((n, s) => n + s.prompt.length, 0);
    if (rows > 0) {
      const tokens = new Int32Array(rows);
      const slots = new Int32Array(rows);
      const positions = new Int32Array(rows);
      const logitRows: number[] = [];
      let r = 0;
      for (const s of decoding) {
        tokens[r] = s.tokens[s.tokens.length - 1]!;
        slots[r] = s.slot;
        positions[r] = s.position++;
        logitRows.push(r++);
      }
      for (const s of joining) {
        for (let i = 0; i < s.prompt.length; i++) {
          tokens[r] = s.prompt[i]!;
          slots[r] = s.slot;
          positions[r++] = i;
        }
        s.position = s.prompt.length;
        logitRows.push(r - 1);
      }
      const { logits } = this.engine.run(tokens, slots, positions, logitRows);
      const V = this.engine.weights.vocabSize;
      const stepping = [...decoding, ...joining];
      // The rows' probabilities in one batched softmax (greedy rows take the logits' argmax).
      const probabilities = this.engine.probabilities(
        logits,
        stepping.map((s) => s.sampling.temperature || 1),
      );
      stepping.forEach((s, i) => {
        const at = i * V;
        const token =
          s.sampling.temperature === 0
            ? argmax(logits.subarray(at, at + V))
            : drawToken(probabilities.subarray(at, at + V), s.sampling, s.random);
        s.accept(token, eot, context);
      });
      this.running.push(...joining);
    }
    this.retire();
    return this.running.length + this.waiting.length;
  }

  /** Steps until every stream has finished (yielding to the event loop between steps). */
  async drain(): Promise<void> {
    while (this.step() > 0) await new Promise<void>((r) => setImmediate(r));
  }

  private retire(): void {
    for (let i = this.running.length - 1; i >= 0; i--) {
      const s = this.running[i]!;
      if (s.cancelled && s.finishReason === null) s.finish('cancelled');
      if (s.finishReason !== null) {
        this.free.push(s.slot);
        this.running.splice(i, 1);
      }
    }
  }
}
