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
  const overhead = new Overhead();
  const admission = await admitPrepared(ctx, principal, prepared);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...admission.headers,
    ...overhead.header(),
  });
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  const strict = ctx.config.replyValidation === 'strict';
  const chunks = chunkMaker(prepared);
  let broken = false;
  const fail = (error: AppError) => {
    if (broken) return;
    broken = true;
    controller.abort();
    if (!res.writableEnded) res.end(`data: ${JSON.stringify(openAiErrorOf(error))}\n\n`);
  };
  const send = (chunk: object) => {
    if (broken || res.writableEnded) return;
    if (strict) {
      const schema = prepared.kind === 'chat' ? ChatCompletionChunkSchema : CompletionSchema;
      const check = schema.strict().safeParse(chunk);
      if (!check.success) {
        const issue = check.error.issues[0];
        const why = `${issue?.path.join('.')}: ${issue?.message}`;
        fail(new AppError('internal.reply_schema', 500, `a stream chunk does not match (${why})`));
        return;
      }
    }
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  };
  if (prepared.kind === 'chat') send(chunks.delta({ role: 'assistant', content: '' }));
  let completion: Completion;
  try {
    const run = prepared.endpoint.hosted.generate(
      prepared.prompt,
      prepared.options,
      (text) => send(chunks.delta({ content: text })),
      controller.signal,
    );
    completion = await overhead.model(() => run.done);
  } catch (error) {
    await releaseGeneration(ctx, admission);
    fail(asAppError(mapGenerationError(error, prepared)));
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
    fail(asAppError(error));
    return reply;
  }
  // A cut stream (the client went away) was billed its tokens; there is no one to tell.
  if (completion.finishReason === 'cancelled' || broken) return reply;
  send(chunks.finish(finishReasonOf(completion)));
  if (prepared.includeUsage) send(chunks.usage(usage));
  if (!broken) res.end('data: [DONE]\n\n');
  return reply;
}

function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return gatewayErrors.generationFailed(error instanceof Error ? error.message : String(error));
}

/** The chunks of one stream, chat or text, with `usage: null` until the last when asked for. */
function chunkMaker(prepared: PreparedGeneration) {
  const head = { id: prepared.id, created: prepared.created, model: prepared.endpoint.name };
  const usageNull = prepared.includeUsage ? { usage: null } : {};
  const chat = prepared.kind === 'chat';
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
