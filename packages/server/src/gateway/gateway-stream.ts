import type { ServerResponse } from 'node:http';
import type { Completion } from '@qudao/ml';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import type { Principal } from '../shared/principal.ts';
import { gatewayErrors } from './gateway.errors.ts';
import { ChatCompletionChunkSchema, CompletionSchema, type UsageView } from './gateway.schemas.ts';
import {
  admitPrepared,
  finishReasonOf,
  mapGenerationError,
  Overhead,
  type PreparedGeneration,
} from './gateway.service.ts';
import { releaseGeneration, settleGeneration } from './gateway-metering.ts';
import { arrivalOf } from './gateway-timing.ts';
import { openAiErrorOf } from './openai-errors.ts';

/**
 * Streams a prepared generation as server-sent events in OpenAI's chunk format. Admission
 * (scope, limits, budget) happens before the first byte, so a refusal is an ordinary JSON error
 * answer. Once streaming, a client that goes away cancels the generation at the next decode
 * step and the call bills the tokens made until then; a failure is sent as an error event and
 * the stream ends without `[DONE]`, so a client never mistakes it for a complete answer.
 */
export async function streamGeneration(
  ctx: AppContext,
  principal: Principal,
  prepared: PreparedGeneration,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const overhead = new Overhead(arrivalOf(reply.request));
  const admission = await admitPrepared(ctx, principal, prepared);
  const controller = new AbortController();
  const sse = openSse(ctx, reply, prepared.kind, controller, {
    ...admission.headers,
    ...overhead.header(),
  });
  const chunks = chunkMaker({ ...prepared, model: prepared.endpoint.name });
  if (prepared.kind === 'chat') sse.send(chunks.delta({ role: 'assistant', content: '' }));
  let completion: Completion;
  try {
    const run = prepared.endpoint.hosted.generate(
      prepared.prompt,
      prepared.options,
      (text) => sse.send(chunks.delta({ content: text })),
      controller.signal,
    );
    completion = await overhead.model(() => run.done);
  } catch (error) {
    await releaseGeneration(ctx, admission);
    sse.fail(asAppError(mapGenerationError(error, prepared)));
    return reply;
  }
  let usage: UsageView;
  try {
    usage = await settleGeneration(
      ctx,
      admission,
      { input: completion.promptTokens, output: completion.completionTokens },
      completion.timeToFirstTokenMs,
    );
  } catch (error) {
    sse.fail(asAppError(error));
    return reply;
  }
  // A cut stream (the client went away) was billed its tokens; there is no one to tell.
  if (completion.finishReason === 'cancelled' || sse.broken) return reply;
  sse.send(chunks.finish(finishReasonOf(completion)));
  if (prepared.includeUsage) sse.send(chunks.usage(usage));
  sse.done();
  return reply;
}

/** An open event stream: chunks, an error event that ends it, or `[DONE]`. */
export interface SseSink {
  send(chunk: object): void;
  /** Sends the error as the last event and ends the stream without `[DONE]`. */
  fail(error: AppError): void;
  /** Ends a complete answer with `[DONE]`. */
  done(): void;
  readonly broken: boolean;
  readonly raw: ServerResponse;
}

/**
 * Takes the reply over and answers 200 as an event stream with `headers`. `controller` is
 * aborted when the client goes away first (and when the stream fails), so the work behind it
 * stops. In `strict` reply validation (the tests) each chunk is checked against its schema.
 */
export function openSse(
  ctx: AppContext,
  reply: FastifyReply,
  kind: 'chat' | 'text',
  controller: AbortController,
  headers: Record<string, string>,
): SseSink {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  const strict = ctx.config.replyValidation === 'strict';
  let broken = false;
  const sink: SseSink = {
    raw: res,
    get broken() {
      return broken;
    },
    fail(error) {
      if (broken) return;
      broken = true;
      controller.abort();
      if (!res.writableEnded) res.end(`data: ${JSON.stringify(openAiErrorOf(error))}\n\n`);
    },
    send(chunk) {
      if (broken || res.writableEnded) return;
      if (strict) {
        const schema = kind === 'chat' ? ChatCompletionChunkSchema : CompletionSchema;
        const check = schema.strict().safeParse(chunk);
        if (!check.success) {
          const issue = check.error.issues[0];
          const why = `${issue?.path.join('.')}: ${issue?.message}`;
          sink.fail(
            new AppError('internal.reply_schema', 500, `a stream chunk does not match (${why})`),
          );
          return;
        }
      }
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    },
    done() {
      if (!broken && !res.writableEnded) res.end('data: [DONE]\n\n');
    },
  };
  return sink;
}

export function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return gatewayErrors.generationFailed(error instanceof Error ? error.message : String(error));
}

/** What every chunk of one stream shares. */
export interface ChunkHead {
  kind: 'chat' | 'text';
  id: string;
  created: number;
  /** The `model` the chunks name: the endpoint, or the provider's model that answers. */
  model: string;
  includeUsage: boolean;
}

/** The chunks of one stream, chat or text, with `usage: null` until the last when asked for. */
export function chunkMaker(spec: ChunkHead) {
  const head = { id: spec.id, created: spec.created, model: spec.model };
  const usageNull = spec.includeUsage ? { usage: null } : {};
  const chat = spec.kind === 'chat';
  const choice = (delta: { role?: 'assistant'; content?: string }, finish: string | null) =>
    chat
      ? { index: 0, delta, logprobs: null, finish_reason: finish }
      : { index: 0, text: delta.content ?? '', logprobs: null, finish_reason: finish };
  const object = chat ? 'chat.completion.chunk' : 'text_completion';
  return {
    delta: (delta: { role?: 'assistant'; content?: string }) => ({
      ...head,
      object,
      choices: [choice(delta, null)],
      ...usageNull,
    }),
    finish: (reason: 'stop' | 'length') => ({
      ...head,
      object,
      choices: [choice(chat ? {} : { content: '' }, reason)],
      ...usageNull,
    }),
    usage: (usage: UsageView) => ({ ...head, object, choices: [], usage }),
  };
}
