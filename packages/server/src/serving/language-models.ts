import {
  type BatchedDecoder,
  type Completion,
  type GenerationOptions,
  type GenerationStream,
  LanguageModel,
} from '@qudao/ml';

/**
 * One deployed language model: loaded once, with one continuous-batching decoder that every
 * concurrent request of every endpoint serving the version joins. The decode loop runs on the
 * main thread: the native engine spreads each step over its own thread pool, a step takes a
 * few milliseconds, and each token goes straight to its SSE stream with no message passing
 * (a worker would add a post per token per stream). The event loop gets a turn between steps.
 */
export class HostedLanguageModel {
  private running = false;
  private decoder: BatchedDecoder;
  /** Rejects the calls in the batch when a decode step fails (see `loop`). */
  private readonly failures = new Set<(error: Error) => void>();

  constructor(
    readonly model: LanguageModel,
    private readonly slots: number,
  ) {
    this.decoder = model.createDecoder({ slots });
  }

  /** Streams in the batch now (running or waiting for a slot). */
  get load(): number {
    return this.decoder.activeCount + this.decoder.waitingCount;
  }

  get context(): number {
    return this.model.config.context;
  }

  /** Tokens of a prompt (what the prompt bills). */
  countTokens(text: string): number {
    return this.model.tokenizer.encode(text).length;
  }

  /**
   * Joins the running batch; `onText` gets each showable piece of text. Aborting `signal`
   * makes the stream leave at the next step: its completion then holds the tokens made so far
   * (finish reason `cancelled`), which is what a cut stream bills. Throws a GenerationError
   * (context exceeded, empty prompt) before anything runs; `done` rejects if the engine fails.
   */
  generate(
    prompt: string,
    options: GenerationOptions,
    onText?: (delta: string) => void,
    signal?: AbortSignal,
  ): { stream: GenerationStream; done: Promise<Completion> } {
    const stream = this.decoder.join(prompt, options);
    if (onText) stream.onText = onText;
    if (signal) {
      if (signal.aborted) stream.cancel();
      else signal.addEventListener('abort', () => stream.cancel(), { once: true });
    }
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.failures.add(fail);
    const done = Promise.race([stream.done, failed]).finally(() => this.failures.delete(fail));
    this.kick();
    return { stream, done };
  }

  embed(texts: string[]): { vectors: Float32Array[]; tokens: number } {
    return this.model.embed(texts);
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      // The calls a step finished commit their usage events in that same turn (UsageWriter's
      // `soon`), so one turn of the event loop between steps is enough.
      while (this.decoder.step() > 0) await new Promise<void>((r) => setImmediate(r));
    } catch (error) {
      // A failed step leaves the batch's cache in an unknown state: every call in it fails
      // (nothing billed) and the next calls start on a fresh decoder.
      this.decoder = this.model.createDecoder({ slots: this.slots });
      const why = error instanceof Error ? error : new Error(String(error));
      for (const fail of [...this.failures]) fail(why);
      this.failures.clear();
    } finally {
      this.running = false;
    }
  }
}

/** Loaded language models by version id (versions are immutable: loaded once per process). */
export class LanguageModelHost {
  private readonly hosted = new Map<string, Promise<HostedLanguageModel>>();

  constructor(private readonly slots: number) {}

  get(versionId: string, dir: string): Promise<HostedLanguageModel> {
    let found = this.hosted.get(versionId);
    if (!found) {
      found = LanguageModel.load(dir).then((model) => new HostedLanguageModel(model, this.slots));
      found.catch(() => this.hosted.delete(versionId));
      this.hosted.set(versionId, found);
    }
    return found;
  }

  clear(): void {
    this.hosted.clear();
  }
}
