import type { AppContext } from '../context.ts';
import { providerErrors } from './providers.errors.ts';
import type { ProviderTestView } from './providers.schemas.ts';
import { providerTarget } from './providers.service.ts';
import { getJson, openStream, UpstreamError } from './upstream-client.ts';

/** The most model ids a test reports. */
const MAX_LISTED = 100;

/**
 * Calls a provider once as the gateway would: `GET /models`, or with `model` (a name of its
 * map) a 1-token chat completion of its upstream model, streamed to the end. Reports whether it
 * worked, the HTTP status and how long it took; a failure is a result (`ok: false`), not an
 * error, so the owner sees what the provider said.
 */
export async function testProvider(
  ctx: AppContext,
  idOrName: string,
  body: { model?: string },
): Promise<ProviderTestView> {
  const { name, target, models } = await providerTarget(ctx, idOrName);
  const upstreamModel = body.model === undefined ? null : models.get(body.model);
  if (upstreamModel === undefined) throw providerErrors.modelNotMapped(name, body.model!);
  const started = performance.now();
  const result = {
    provider: name,
    check: upstreamModel === null ? ('models' as const) : ('completion' as const),
    model: upstreamModel,
  };
  try {
    let listed: string[] = [];
    if (upstreamModel === null) {
      const answer = (await getJson(target, '/models')) as { data?: { id?: unknown }[] };
      if (!Array.isArray(answer?.data)) {
        throw new UpstreamError('malformed', 200, 'GET /models did not answer a model list');
      }
      listed = answer.data
        .map((m) => m?.id)
        .filter((id): id is string => typeof id === 'string')
        .slice(0, MAX_LISTED);
    } else {
      const stream = await openStream(target, '/chat/completions', {
        model: upstreamModel,
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1,
        stream: true,
      });
      while ((await stream.next()) !== null) {
        // read to [DONE]: a complete answer is the test
      }
    }
    return {
      ...result,
      ok: true,
      status: 200,
      latencyMs: round(performance.now() - started),
      models: listed,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return {
      ...result,
      ok: false,
      status: error.status,
      latencyMs: round(performance.now() - started),
      models: [],
      error: { code: `upstream.${error.kind}`, message: error.message },
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
