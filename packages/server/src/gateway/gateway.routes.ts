import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { gatewayErrors } from './gateway.errors.ts';
import { gatewayContract } from './gateway.schemas.ts';
import * as gateway from './gateway.service.ts';
import { streamGeneration } from './gateway-stream.ts';
import { arrivalOf, MODEL_MS_HEADER, markArrival } from './gateway-timing.ts';
import { prepareUpstream, proxyChat, proxyStream, proxyText } from './gateway-upstream.ts';
import { proxyEmbeddings } from './gateway-upstream-embeddings.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function gatewayRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // Bodies are decoded strictly here: the default parser would turn invalid UTF-8 into
    // U+FFFD silently, and a prompt is billed by its tokens, so a mangled one is refused.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      let text: string;
      try {
        text = UTF8.decode(body as Buffer);
      } catch {
        done(gatewayErrors.invalidUtf8('the request body'), undefined);
        return;
      }
      try {
        done(null, text.length === 0 ? {} : JSON.parse(text));
      } catch {
        const error = Object.assign(new SyntaxError('the body is not valid JSON'), {
          statusCode: 400,
        });
        done(error, undefined);
      }
    });
    // Every answer carries the gateway's overhead since the request arrived: answers that ran
    // the model less the model's time (they report it in MODEL_MS_HEADER, removed here),
    // refusals the whole time they took. Streams set it at their first byte (gateway-stream.ts).
    app.addHook('onRequest', async (request) => {
      markArrival(request);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const from = arrivalOf(request);
      const modelMs = reply.getHeader(MODEL_MS_HEADER);
      reply.removeHeader(MODEL_MS_HEADER);
      if (
        from !== undefined &&
        (modelMs !== undefined || !reply.hasHeader('x-qudao-overhead-ms'))
      ) {
        const overhead = performance.now() - from - Number(modelMs ?? 0);
        reply.header('x-qudao-overhead-ms', overhead.toFixed(3));
      }
      return payload;
    });
    mountContract(app, ctx, gatewayContract, {
      chatCompletions: async ({ body, principal, reply, signal }) => {
        const target = await gateway.resolveModel(ctx, body.model);
        if (target.kind === 'upstream') {
          const call = await prepareUpstream(ctx, target.model, body);
          if (body.stream) return proxyStream(ctx, principal, call, reply);
          return proxyChat(ctx, principal, call, (h) => reply.headers(h), signal);
        }
        const prepared = await gateway.prepareGeneration(ctx, body, target.endpoint);
        if (body.stream) return streamGeneration(ctx, principal, prepared, reply);
        return gateway.chatCompletion(ctx, principal, prepared, (h) => reply.headers(h));
      },
      completions: async ({ body, principal, reply, signal }) => {
        const target = await gateway.resolveModel(ctx, body.model);
        if (target.kind === 'upstream') {
          const call = await prepareUpstream(ctx, target.model, body);
          if (body.stream) return proxyStream(ctx, principal, call, reply);
          return proxyText(ctx, principal, call, (h) => reply.headers(h), signal);
        }
        const prepared = await gateway.prepareGeneration(ctx, body, target.endpoint);
        if (body.stream) return streamGeneration(ctx, principal, prepared, reply);
        return gateway.textCompletion(ctx, principal, prepared, (h) => reply.headers(h));
      },
      embeddings: async ({ body, principal, reply, signal }) => {
        const target = await gateway.resolveModel(ctx, body.model);
        const onHeaders = (h: Record<string, string>) => reply.headers(h);
        if (target.kind === 'upstream') {
          return proxyEmbeddings(ctx, principal, target.model, body, onHeaders, signal);
        }
        return gateway.embeddings(ctx, principal, body, target.endpoint, onHeaders);
      },
      listModels: ({ principal }) => gateway.listModels(ctx, principal),
    });
  };
}
