import type { ProviderRoute } from '../providers/providers.service.ts';
import type { TokenCount } from './gateway-metering.ts';

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * What a provider has answered so far, read from its OpenAI chunks: the text pieces in order,
 * the finish reason, and the token counts of its `usage` chunk (asked for with
 * `stream_options.include_usage`).
 */
export class UpstreamAnswer {
  readonly pieces: string[] = [];
  finish: 'stop' | 'length' | null = null;
  usage: TokenCount | null = null;
  private readonly started = performance.now();
  /** Milliseconds from the request to the first piece of text (0 until one came). */
  firstPieceMs = 0;

  constructor(private readonly kind: 'chat' | 'text') {}

  add(event: Record<string, unknown>): void {
    const choice = Array.isArray(event.choices)
      ? (event.choices[0] as Record<string, unknown> | undefined)
      : undefined;
    if (choice && typeof choice === 'object') {
      const delta = choice.delta as { content?: unknown } | undefined;
      const text = this.kind === 'chat' ? delta?.content : choice.text;
      if (typeof text === 'string' && text.length > 0) {
        if (this.pieces.length === 0) this.firstPieceMs = performance.now() - this.started;
        this.pieces.push(text);
      }
      // OpenAI's other reasons (content_filter, tool_calls) end the answer as a stop does.
      if (typeof choice.finish_reason === 'string') {
        this.finish = choice.finish_reason === 'length' ? 'length' : 'stop';
      }
    }
    const usage = event.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
    if (usage && isCount(usage.prompt_tokens) && isCount(usage.completion_tokens)) {
      this.usage = { input: usage.prompt_tokens, output: usage.completion_tokens };
    }
  }

  /** Whether the answer has begun: text, a finish or usage (a bare role chunk is not yet one). */
  get begun(): boolean {
    return this.pieces.length > 0 || this.finish !== null || this.usage !== null;
  }

  get text(): string {
    return this.pieces.join('');
  }
}

/** The call's sizes as the budget holds them and as our own count estimates the prompt. */
export interface UpstreamSizes {
  worst: TokenCount;
  promptEstimate: number;
}

/**
 * Tokens billed for a complete answer: the provider's `usage`, or our own count when it sent
 * none (the prompt estimate, one token per text piece); never more than the budget held.
 */
export function billedTokens(sizes: UpstreamSizes, answer: UpstreamAnswer): TokenCount {
  return {
    input: Math.min(answer.usage?.input ?? sizes.promptEstimate, sizes.worst.input),
    output: Math.min(answer.usage?.output ?? answer.pieces.length, sizes.worst.output),
  };
}

/** Tokens billed for a cut answer: the prompt, and one token per piece the caller was sent. */
export function cutTokens(sizes: UpstreamSizes, answer: UpstreamAnswer, sent: number): TokenCount {
  return {
    input: Math.min(answer.usage?.input ?? sizes.promptEstimate, sizes.worst.input),
    output: Math.min(sent, sizes.worst.output),
  };
}

/** The usage event's record of who answered and what it cost the owner there. */
export function providerDetail(route: ProviderRoute, used: TokenCount, answer: UpstreamAnswer) {
  return {
    provider: route.provider.name,
    providerId: route.provider.id,
    providerModel: route.upstreamModel,
    providerCostMilliMinor: used.input * route.cost.input + used.output * route.cost.output,
    providerCurrency: route.provider.currency,
    tokensFrom: answer.usage ? 'provider' : 'estimate',
  };
}
