import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { idempotencyKeyOf, requestHash } from '../metering/calls.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { servingErrors } from './serving.errors.ts';
import {
  type DeployInput,
  EndpointParams,
  ModelRefParams,
  PredictVersionBody,
} from './serving.schemas.ts';
import * as serving from './serving.service.ts';
import { predictWithVersion } from './version-predict.service.ts';

export function servingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // PNG bodies arrive as raw bytes; the size limit is the server's bodyLimit.
    app.addContentTypeParser('image/png', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    app.get('/api/v1/endpoints', access.owner, () => serving.listEndpoints(ctx));

    app.post('/api/v1/endpoints', access.owner, async (request, reply) => {
      reply.code(201);
      return serving.deploy(ctx, request.body as DeployInput);
    });

    app.get('/api/v1/endpoints/:name', access.owner, async (request) => {
      const { name } = parseInput(EndpointParams, request.params);
      return serving.getEndpoint(ctx, name);
    });

    /** A version by `<model>@<version>` or `<model>@<alias>`, without an endpoint or metering. */
    app.post('/api/v1/model-refs/:ref/predict', access.owner, async (request) => {
      const { ref } = parseInput(ModelRefParams, request.params);
      const { inputs } = parseInput(PredictVersionBody, request.body);
      return {
        predictions: await predictWithVersion(ctx, await resolveModelRef(ctx, ref), inputs),
      };
    });

    app.post('/api/v1/endpoints/:name/predict', access.ownerOrCustomer, async (request, reply) => {
      const { name } = parseInput(EndpointParams, request.params);
      const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
      const input = await readPredictInput(request);
      return serving.predict(ctx, name, input, request.principal!, {
        idempotencyKey,
        requestHash: requestHash([
          request.method,
          request.url.split('?')[0]!,
          input.kind === 'png' ? input.bytes : JSON.stringify(input),
        ]),
        onHeaders: (headers) => reply.headers(headers),
      });
    });
  };
}

/** Accepts JSON `{ image }`, a raw `image/png` body, or a multipart upload with a file field. */
async function readPredictInput(request: FastifyRequest): Promise<serving.PredictInput> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const body = request.body as { image?: unknown; inputs?: unknown; text?: unknown } | null;
    if (!body || typeof body !== 'object') throw servingErrors.missingInput();
    if (body.image !== undefined) return { kind: 'json', image: body.image };
    if (Array.isArray(body.inputs)) return { kind: 'inputs', inputs: body.inputs };
    if (typeof body.text === 'string') return { kind: 'inputs', inputs: [body.text] };
    throw servingErrors.missingInput();
  }
  if (type === 'image/png') return { kind: 'png', bytes: request.body as Buffer };
  if (type === 'multipart/form-data') {
    const file = await request.file();
    if (!file) throw servingErrors.missingInput();
    return { kind: 'png', bytes: await file.toBuffer() };
  }
  throw servingErrors.unsupportedMediaType(type || '(none)');
}
