import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { providerErrors } from '../providers/providers.errors.ts';
import { type ProviderRoute, routesOf } from '../providers/providers.service.ts';
import { openStream, UpstreamError, type UpstreamStream } from '../providers/upstream-client.ts';
import type { AppError } from '../shared/app-error.ts';
import type { Principal } from '../shared/principal.ts';
import { renderChat, wellFormed } from './chat-template.ts';
import type {
  ChatCompletionRequest,
  ChatCompletionView,
  CompletionRequest,
  CompletionView,
  UsageView,
} from './gateway.schemas.ts';
import { DEFAULT_MAX_TOKENS, Overhead } from './gateway.service.ts';
import {
  admitGeneration,
  type MeteredModel,
  releaseGeneration,
  settleGeneration,
} from './gateway-metering.ts';
import { asAppError, chunkMaker, openSse } from './gateway-stream.ts';
import { arrivalOf } from './gateway-timing.ts';
import {
  billedTokens,
  cutTokens,
  providerDetail,
  UpstreamAnswer,
  type UpstreamSizes,
} from './upstream-answer.ts';

/** A call to a model sold through providers, checked and sized, not yet admitted. */
export interface PreparedUpstream extends UpstreamSizes {
  kind: 'chat' | 'text';
  id: string;
  created: number;
  model: MeteredModel;
  /** Its providers in fallback order. */
  routes: ProviderRoute[];
  /** The request as every provider gets it, but for `model` (each provider's own name). */
  request: Record<string, unknown>;
  includeUsage: boolean;
}

/**
 * Sizes a call to an upstream model. Qudao has no tokenizer of a provider's model, so the
 * budget holds a bound instead: a byte-level BPE (OpenAI's, Llama's, Qudao's) never makes more
 * tokens than the prompt has UTF-8 bytes, plus a few per message for the provider's chat
 * template; `max_tokens` is always sent, so the answer is bounded too.
 */
export async function prepareUpstream(
  ctx: AppContext,
  model: MeteredModel,
  body: ChatCompletionRequest | CompletionRequest,
): Promise<PreparedUpstream> {
  const routes = await routesOf(ctx, model.id);
  if (routes.length === 0) throw providerErrors.noRoute(model.name);
  const chat = 'messages' in body;
  const prompt = chat
    ? renderChat(body.messages)
    : wellFormed(typeof body.prompt === 'string' ? body.prompt : body.prompt[0]!, 'the prompt');
  const bytes = Buffer.byteLength(prompt, 'utf8');
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  const sampling = {
    ...(body.temperature != null && { temperature: body.temperature }),
    ...(body.top_p != null && { top_p: body.top_p }),
    ...(body.top_k != null && { top_k: body.top_k }),
    ...(body.stop != null && { stop: body.stop }),
    ...(body.seed != null && { seed: body.seed }),
    ...(body.user !== undefined && { user: body.user }),
  };
  return {
    kind: chat ? 'chat' : 'text',
    id: `${chat ? 'chatcmpl' : 'cmpl'}-${randomBytes(12).toString('hex')}`,
    created: Math.floor(ctx.clock.now().getTime() / 1000),
    model,
    routes,
    request: {
      ...(chat ? { messages: body.messages } : { prompt: body.prompt }),
      max_tokens: maxTokens,
      ...sampling,
      stream: true,
      stream_options: { include_usage: true },
    },
    worst: { input: bytes + 8 + (chat ? 4 * body.messages.length : 0), output: maxTokens },
    promptEstimate: Math.max(1, Math.ceil(bytes / 4)),
    includeUsage: body.stream_options?.include_usage === true,
  };
}

function pathOf(call: PreparedUpstream): string {
  return call.kind === 'chat' ? '/chat/completions' : '/completions';
}

/** What a provider's refusal means to the caller (one that another provider would not cure). */
function refusal(route: ProviderRoute, error: UpstreamError): AppError {
  const status = error.status ?? 502;
  if (status === 401 || status === 403) {
    return providerErrors.upstreamRefused(route.provider.name, status, error.message);
  }
  return providerErrors.upstreamBadRequest(route.provider.name, status, error.message);
}

/**
 * Tries the providers in order until one answers: the next is tried after a 429, 5xx or 408,
 * no connection, a silence past the provider's timeout, or an answer that is not OpenAI's;
 * another 4xx is the caller's (or the owner's) to fix and is answered as it is.
 */
export async function overRoutes<T>(
  call: { routes: ProviderRoute[]; model: MeteredModel },
  attempt: (route: ProviderRoute) => Promise<T>,
): Promise<{ route: ProviderRoute; value: T }> {
  const failures: string[] = [];
  for (const route of call.routes) {
    try {
      return { route, value: await attempt(route) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === 'cancelled') throw error;
      if (!error.retryable) throw refusal(route, error);
      failures.push(`${route.provider.name}: ${error.message}`);
    }
  }
  throw providerErrors.upstreamUnavailable(call.model.name, failures.join('; '));
}

function requestFor(call: PreparedUpstream, route: ProviderRoute) {
  return { model: route.upstreamModel, ...call.request };
}

/**
 * A non-streamed call: the provider's answer is read to its end (as a stream, so its usage
 * and any failure are seen the same way) before a byte goes to the caller, so a provider that
 * fails anywhere in it is replaced by the next. Billed at the answering provider's tokens.
 */
async function proxyCompletion(
  ctx: AppContext,
  principal: Principal,
  call: PreparedUpstream,
  onHeaders: (headers: Record<string, string>) => void,
  signal: AbortSignal,
): Promise<{ model: string; answer: UpstreamAnswer; usage: UsageView }> {
  const overhead = new Overhead();
  const admission = await admitGeneration(ctx, principal, call.model, call.worst);
  let answered: { route: ProviderRoute; value: UpstreamAnswer };
  try {
    answered = await overhead.model(() =>
      overRoutes(call, async (route) => {
        const answer = new UpstreamAnswer(call.kind);
        const stream = await openStream(
          route.target,
          pathOf(call),
          requestFor(call, route),
          signal,
        );
        try {
          for (let event = await stream.next(); event !== null; event = await stream.next()) {
            answer.add(event);
          }
        } finally {
          stream.close();
        }
        return answer;
      }),
    );
  } catch (error) {
    await releaseGeneration(ctx, admission);
    throw upstreamAppError(call, error);
  }
  const { route, value: answer } = answered;
  const used = billedTokens(call, answer);
  const usage = await settleGeneration(
    ctx,
    admission,
    used,
    answer.firstPieceMs,
    providerDetail(route, used, answer),
  );
  onHeaders({
    ...admission.headers,
    ...overhead.replyHeaders(),
    'x-qudao-provider': route.provider.name,
  });
  return { model: route.upstreamModel, answer, usage };
}

/** `proxyCompletion` as a chat completion. */
export async function proxyChat(
  ...args: Parameters<typeof proxyCompletion>
): Promise<ChatCompletionView> {
  const [, , call] = args;
  const { model, answer, usage } = await proxyCompletion(...args);
  return {
    id: call.id,
    object: 'chat.completion',
    created: call.created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.text.trimStart() },
        logprobs: null,
        finish_reason: answer.finish ?? 'stop',
      },
    ],
    usage,
  };
}

/** `proxyCompletion` as a text completion. */
export async function proxyText(
  ...args: Parameters<typeof proxyCompletion>
): Promise<CompletionView> {
  const [, , call] = args;
  const { model, answer, usage } = await proxyCompletion(...args);
  return {
    id: call.id,
    object: 'text_completion',
    created: call.created,
    model,
    choices: [
      { index: 0, text: answer.text, logprobs: null, finish_reason: answer.finish ?? 'stop' },
    ],
    usage,
  };
}

/** A provider's stream whose answer has begun (or ended without a word). */
interface Opened {
  stream: UpstreamStream;
  answer: UpstreamAnswer;
  ended: boolean;
}

/**
 * A streamed call. Nothing is sent until a provider's answer has begun (its first text, finish
 * or usage), so every failure before that falls back to the next provider and a refusal is an
 * ordinary JSON error. From then on the chunks are re-sent in Qudao's format (its id, the
 * provider's model name) as they come; a provider that fails after that gives the caller an
 * error event and no `[DONE]`, and the call bills the pieces sent.
 */
export async function proxyStream(
  ctx: AppContext,
  principal: Principal,
  call: PreparedUpstream,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const overhead = new Overhead(arrivalOf(reply.request));
  const admission = await admitGeneration(ctx, principal, call.model, call.worst);
  const controller = new AbortController();
  const gone = () => {
    if (!reply.raw.writableEnded) controller.abort();
  };
  reply.raw.on('close', gone);
  let first: { route: ProviderRoute; value: Opened };
  try {
    first = await overhead.model(() =>
      overRoutes(call, async (route): Promise<Opened> => {
        const answer = new UpstreamAnswer(call.kind);
        const stream = await openStream(
          route.target,
          pathOf(call),
          requestFor(call, route),
          controller.signal,
        );
        try {
          for (;;) {
            const event = await stream.next();
            if (event === null) return { stream, answer, ended: true };
            answer.add(event);
            if (answer.begun) return { stream, answer, ended: false };
          }
        } catch (error) {
          stream.close();
          throw error;
        }
      }),
    );
  } catch (error) {
    reply.raw.off('close', gone);
    await releaseGeneration(ctx, admission);
    throw upstreamAppError(call, error);
  }
  reply.raw.off('close', gone);
  const { route } = first;
  const { stream, answer } = first.value;
  let ended = first.value.ended;
  const sse = openSse(ctx, reply, call.kind, controller, {
    ...admission.headers,
    ...overhead.header(),
    'x-qudao-provider': route.provider.name,
  });
  const chunks = chunkMaker({ ...call, model: route.upstreamModel });
  if (call.kind === 'chat') sse.send(chunks.delta({ role: 'assistant', content: '' }));
  let sent = 0;
  const flush = () => {
    for (; sent < answer.pieces.length; sent++) {
      sse.send(chunks.delta({ content: answer.pieces[sent]! }));
    }
  };
  let failure: AppError | null = null;
  try {
    flush();
    while (!ended && !sse.broken) {
      const event = await stream.next();
      if (event === null) ended = true;
      else {
        answer.add(event);
        flush();
      }
    }
  } catch (error) {
    if (!(error instanceof UpstreamError)) failure = asAppError(error);
    else if (error.kind !== 'cancelled') {
      failure = providerErrors.upstreamFailed(route.provider.name, error.message);
    }
  } finally {
    stream.close();
  }
  const complete = ended && failure === null && !sse.broken;
  const used = complete ? billedTokens(call, answer) : cutTokens(call, answer, sent);
  let usage: UsageView;
  try {
    usage = await settleGeneration(
      ctx,
      admission,
      used,
      answer.firstPieceMs,
      providerDetail(route, used, answer),
    );
  } catch (error) {
    sse.fail(asAppError(error));
    return reply;
  }
  if (failure) sse.fail(failure);
  if (!complete) return reply;
  sse.send(chunks.finish(answer.finish ?? 'stop'));
  if (call.includeUsage) sse.send(chunks.usage(usage));
  sse.done();
  return reply;
}

/** A failure before anything was sent, as the caller's error (a cancelled call has no one to tell). */
function upstreamAppError(call: PreparedUpstream, error: unknown): AppError {
  if (error instanceof UpstreamError) {
    return providerErrors.upstreamUnavailable(call.model.name, error.message);
  }
  return asAppError(error);
}
