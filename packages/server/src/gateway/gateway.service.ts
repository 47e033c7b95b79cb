import { randomBytes } from 'node:crypto';
import { type Completion, GenerationError, type GenerationOptions } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { listProducts } from '../plans/plans.service.ts';
import { findUpstreamModel, listRoutedModels } from '../providers/providers.service.ts';
import {
  type LanguageModelEndpoint,
  languageModelEndpoint,
  listLanguageModelEndpoints,
} from '../serving/language-model-endpoints.service.ts';
import { isAppError } from '../shared/app-error.ts';
import type { Principal } from '../shared/principal.ts';
import { CHAT_STOPS, renderChat, wellFormed } from './chat-template.ts';
import { gatewayErrors } from './gateway.errors.ts';
import type {
  ChatCompletionRequest,
  ChatCompletionView,
  CompletionRequest,
  CompletionView,
  EmbeddingListView,
  EmbeddingRequest,
  ModelListView,
  UsageView,
} from './gateway.schemas.ts';
import {
  admitGeneration,
  type GatewayAdmission,
  releaseGeneration,
  settleGeneration,
} from './gateway-metering.ts';
import { MODEL_MS_HEADER } from './gateway-timing.ts';

/** max_tokens when the caller gives none (bounded by the context left after the prompt). */
export const DEFAULT_MAX_TOKENS = 256;

/** What a call's `model` names: a local language-model endpoint, or a model sold through providers. */
export type GatewayTarget =
  | { kind: 'local'; endpoint: LanguageModelEndpoint }
  | { kind: 'upstream'; model: { id: string; name: string } };

/**
 * The endpoint of that name, else the upstream model of that name (the two never share a name:
 * providers refuse an endpoint's), else `serving.endpoint_not_found`.
 */
export async function resolveModel(ctx: AppContext, name: string): Promise<GatewayTarget> {
  try {
    return { kind: 'local', endpoint: await languageModelEndpoint(ctx, name) };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'serving.endpoint_not_found') throw error;
    const model = await findUpstreamModel(ctx, name);
    if (!model) throw error;
    return { kind: 'upstream', model };
  }
}

/** A generation checked and priced for its worst case, not yet admitted. */
export interface PreparedGeneration {
  kind: 'chat' | 'text';
  id: string;
  created: number;
  endpoint: LanguageModelEndpoint;
  prompt: string;
  promptTokens: number;
  options: GenerationOptions & { maxTokens: number };
  includeUsage: boolean;
}

/** The gateway's time per call outside the model, for `x-qudao-overhead-ms`. */
export class Overhead {
  private modelMs = 0;

  /** `started`: when the request arrived (`arrivalOf`), else now. */
  constructor(private readonly started: number = performance.now()) {}

  model<T>(run: () => Promise<T>): Promise<T> {
    const from = performance.now();
    return run().finally(() => {
      this.modelMs += performance.now() - from;
    });
  }

  /** For a stream's first byte (its headers go out raw, without the route's onSend). */
  header(): Record<string, string> {
    return { 'x-qudao-overhead-ms': (performance.now() - this.started - this.modelMs).toFixed(3) };
  }

  /** For an answer sent whole: the route's onSend recomputes the overhead from the request's
   * arrival with the model's time, and removes that header. */
  replyHeaders(): Record<string, string> {
    return { ...this.header(), [MODEL_MS_HEADER]: this.modelMs.toFixed(3) };
  }
}

/**
 * Checks a chat or text completion against the model before metering: the endpoint serves a
 * language model, the prompt is text and fits the context. `max_tokens` is what the budget
 * reserves, so it is bounded by the context left after the prompt.
 */
export async function prepareGeneration(
  ctx: AppContext,
  body: ChatCompletionRequest | CompletionRequest,
  endpoint: LanguageModelEndpoint,
): Promise<PreparedGeneration> {
  const kind = 'messages' in body ? 'chat' : 'text';
  const prompt =
    'messages' in body
      ? renderChat(body.messages)
      : wellFormed(typeof body.prompt === 'string' ? body.prompt : body.prompt[0]!, 'the prompt');
  const context = endpoint.hosted.context;
  const promptTokens = endpoint.hosted.countTokens(prompt);
  if (promptTokens === 0) throw gatewayErrors.emptyPrompt();
  if (promptTokens >= context) throw gatewayErrors.contextExceeded(promptTokens, context);
  const asked = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  const stop = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []);
  return {
    kind,
    id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomBytes(12).toString('hex')}`,
    created: Math.floor(ctx.clock.now().getTime() / 1000),
    endpoint,
    prompt,
    promptTokens,
    options: {
      maxTokens: Math.min(asked, context - promptTokens),
      temperature: body.temperature ?? 1,
      topP: body.top_p ?? 1,
      topK: body.top_k ?? 0,
      seed: body.seed ?? randomBytes(4).readUInt32LE(0),
      stop: kind === 'chat' ? [...stop, ...CHAT_STOPS] : stop,
    },
    includeUsage: body.stream_options?.include_usage === true,
  };
}

/** Admission of a prepared generation, reserving its worst case. */
export function admitPrepared(
  ctx: AppContext,
  principal: Principal,
  prepared: PreparedGeneration,
): Promise<GatewayAdmission> {
  return admitGeneration(ctx, principal, prepared.endpoint, {
    input: prepared.promptTokens,
    output: prepared.options.maxTokens,
  });
}

/** Runs a prepared generation to its end (no streaming), metered. */
export async function runGeneration(
  ctx: AppContext,
  principal: Principal,
  prepared: PreparedGeneration,
  onHeaders: (headers: Record<string, string>) => void,
): Promise<{ completion: Completion; usage: UsageView }> {
  const overhead = new Overhead();
  const admission = await admitPrepared(ctx, principal, prepared);
  let completion: Completion;
  try {
    completion = await overhead.model(
      () => prepared.endpoint.hosted.generate(prepared.prompt, prepared.options).done,
    );
  } catch (error) {
    await releaseGeneration(ctx, admission);
    throw mapGenerationError(error, prepared);
  }
  const usage = await settleGeneration(
    ctx,
    admission,
    { input: completion.promptTokens, output: completion.completionTokens },
    completion.timeToFirstTokenMs,
  );
  onHeaders({ ...admission.headers, ...overhead.replyHeaders() });
  return { completion, usage };
}

export function finishReasonOf(completion: Completion): 'stop' | 'length' {
  return completion.finishReason === 'length' ? 'length' : 'stop';
}

export async function chatCompletion(
  ctx: AppContext,
  principal: Principal,
  prepared: PreparedGeneration,
  onHeaders: (headers: Record<string, string>) => void,
): Promise<ChatCompletionView> {
  const { completion, usage } = await runGeneration(ctx, principal, prepared, onHeaders);
  return {
    id: prepared.id,
    object: 'chat.completion',
    created: prepared.created,
    model: prepared.endpoint.name,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: completion.text.trimStart() },
        logprobs: null,
        finish_reason: finishReasonOf(completion),
      },
    ],
    usage,
  };
}

export async function textCompletion(
  ctx: AppContext,
  principal: Principal,
  prepared: PreparedGeneration,
  onHeaders: (headers: Record<string, string>) => void,
): Promise<CompletionView> {
  const { completion, usage } = await runGeneration(ctx, principal, prepared, onHeaders);
  return {
    id: prepared.id,
    object: 'text_completion',
    created: prepared.created,
    model: prepared.endpoint.name,
    choices: [
      {
        index: 0,
        text: completion.text,
        logprobs: null,
        finish_reason: finishReasonOf(completion),
      },
    ],
    usage,
  };
}

/** Embeddings of one or more texts; billed as input tokens. */
export async function embeddings(
  ctx: AppContext,
  principal: Principal,
  body: EmbeddingRequest,
  endpoint: LanguageModelEndpoint,
  onHeaders: (headers: Record<string, string>) => void,
): Promise<EmbeddingListView> {
  const overhead = new Overhead();
  const texts = (typeof body.input === 'string' ? [body.input] : body.input).map((t) =>
    wellFormed(t, 'an input'),
  );
  const context = endpoint.hosted.context;
  const input = texts.reduce(
    (n, t) => n + Math.min(context, Math.max(1, endpoint.hosted.countTokens(t))),
    0,
  );
  const admission = await admitGeneration(ctx, principal, endpoint, { input, output: 0 });
  let result: ReturnType<LanguageModelEndpoint['hosted']['embed']>;
  try {
    result = await overhead.model(async () => endpoint.hosted.embed(texts));
  } catch (error) {
    await releaseGeneration(ctx, admission);
    throw error;
  }
  const usage = await settleGeneration(ctx, admission, { input: result.tokens, output: 0 }, 0);
  onHeaders({ ...admission.headers, ...overhead.replyHeaders() });
  return {
    object: 'list',
    data: result.vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding:
        body.encoding_format === 'base64'
          ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
          : Array.from(v),
    })),
    model: endpoint.name,
    usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens },
  };
}

/**
 * The models a caller may call: language-model endpoints and models sold through providers —
 * all active ones for the owner; for a customer's key, those sold as a product within the key's
 * product scope.
 */
export async function listModels(ctx: AppContext, principal: Principal): Promise<ModelListView> {
  let endpoints = [...(await listLanguageModelEndpoints(ctx)), ...(await listRoutedModels(ctx))];
  if (principal.kind === 'customer') {
    const sold = new Set(
      (await listProducts(ctx))
        .filter((p) => !principal.products || principal.products.includes(p.id))
        .map((p) => p.endpointId),
    );
    endpoints = endpoints.filter((e) => sold.has(e.id));
  }
  return {
    object: 'list',
    data: endpoints.map((e) => ({
      id: e.name,
      object: 'model',
      created: Math.floor(Date.parse(e.createdAt) / 1000),
      owned_by: 'qudao',
    })),
  };
}

/** ml's generation refusals as the gateway's codes (anything else goes through as it is). */
export function mapGenerationError(error: unknown, prepared: PreparedGeneration): unknown {
  if (isAppError(error)) return error;
  if (!(error instanceof GenerationError)) {
    return gatewayErrors.generationFailed(error instanceof Error ? error.message : String(error));
  }
  if (error.code === 'generation.empty_prompt') return gatewayErrors.emptyPrompt();
  return gatewayErrors.contextExceeded(prepared.promptTokens, prepared.endpoint.hosted.context);
}
