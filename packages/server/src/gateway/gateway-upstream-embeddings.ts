import type { AppContext } from '../context.ts';
import { providerErrors } from '../providers/providers.errors.ts';
import { routesOf } from '../providers/providers.service.ts';
import { getJson, UpstreamError } from '../providers/upstream-client.ts';
import type { Principal } from '../shared/principal.ts';
import { wellFormed } from './chat-template.ts';
import type { EmbeddingListView, EmbeddingRequest } from './gateway.schemas.ts';
import { Overhead } from './gateway.service.ts';
import {
  admitGeneration,
  type MeteredModel,
  releaseGeneration,
  settleGeneration,
} from './gateway-metering.ts';
import { asAppError } from './gateway-stream.ts';
import { overRoutes } from './gateway-upstream.ts';
import { providerDetail, UpstreamAnswer } from './upstream-answer.ts';

type Vector = number[] | string;

/** The provider's embeddings, checked: one per input, floats or base64. */
function vectorsOf(answer: unknown, count: number) {
  const body = answer as { data?: { embedding?: unknown; index?: unknown }[]; usage?: unknown };
  const data = Array.isArray(body?.data) ? body.data : null;
  const fine =
    data?.length === count &&
    data.every(
      (d) =>
        typeof d?.embedding === 'string' ||
        (Array.isArray(d?.embedding) && d.embedding.every((x) => typeof x === 'number')),
    );
  if (!fine) {
    throw new UpstreamError('malformed', 200, `the answer is not ${count} embeddings`);
  }
  const usage = body.usage as { prompt_tokens?: unknown } | undefined;
  const tokens = usage?.prompt_tokens;
  return {
    vectors: data!.map((d) => d.embedding as Vector),
    tokens: typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 0 ? tokens : null,
  };
}

/**
 * Embeddings of a model sold through providers, with the same fallbacks as completions: the
 * budget holds the inputs' UTF-8 bytes (+ 8 each) as tokens, the call bills the provider's
 * `usage.prompt_tokens` (our estimate, a token per 4 bytes, when it sends none).
 */
export async function proxyEmbeddings(
  ctx: AppContext,
  principal: Principal,
  model: MeteredModel,
  body: EmbeddingRequest,
  onHeaders: (headers: Record<string, string>) => void,
  signal: AbortSignal,
): Promise<EmbeddingListView> {
  const overhead = new Overhead();
  const routes = await routesOf(ctx, model.id);
  if (routes.length === 0) throw providerErrors.noRoute(model.name);
  const texts = (typeof body.input === 'string' ? [body.input] : body.input).map((t) =>
    wellFormed(t, 'an input'),
  );
  const bytes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  const worst = bytes.reduce((n, b) => n + b + 8, 0);
  const estimate = bytes.reduce((n, b) => n + Math.max(1, Math.ceil(b / 4)), 0);
  const admission = await admitGeneration(ctx, principal, model, { input: worst, output: 0 });
  let answered: Awaited<ReturnType<typeof overRoutes<ReturnType<typeof vectorsOf>>>>;
  try {
    answered = await overhead.model(() =>
      overRoutes({ routes, model }, async (route) => {
        const request = {
          model: route.upstreamModel,
          input: body.input,
          ...(body.encoding_format && { encoding_format: body.encoding_format }),
        };
        return vectorsOf(await getJson(route.target, '/embeddings', signal, request), texts.length);
      }),
    );
  } catch (error) {
    await releaseGeneration(ctx, admission);
    throw error instanceof UpstreamError
      ? providerErrors.upstreamUnavailable(model.name, error.message)
      : asAppError(error);
  }
  const { route, value } = answered;
  const used = { input: Math.min(value.tokens ?? estimate, worst), output: 0 };
  const answer = new UpstreamAnswer('text');
  if (value.tokens !== null) answer.usage = used;
  const usage = await settleGeneration(
    ctx,
    admission,
    used,
    0,
    providerDetail(route, used, answer),
  );
  onHeaders({
    ...admission.headers,
    ...overhead.replyHeaders(),
    'x-qudao-provider': route.provider.name,
  });
  return {
    object: 'list',
    data: value.vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model: route.upstreamModel,
    usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens },
  };
}
