import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { idempotencyKeyOf, requestHash } from '../metering/calls.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import { mountContract } from '../shared/mount.ts';
import { filePartBytes, readFilePart } from '../shared/multipart.ts';
import { importOnnxModel } from './onnx-import.service.ts';
import { servingErrors } from './serving.errors.ts';
import { ONNX_TYPE, servingContract } from './serving.schemas.ts';
import * as serving from './serving.service.ts';

export function servingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // PNG bodies arrive as raw bytes; the size limit is the server's bodyLimit.
    app.addContentTypeParser('image/png', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    // ONNX files arrive as raw bytes, up to the upload limit.
    app.addContentTypeParser(ONNX_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    mountContract(app, ctx, servingContract, {
      listEndpoints: () => serving.listEndpoints(ctx),
      deploy: ({ body }) => serving.deploy(ctx, body),
      getEndpoint: ({ params }) => serving.getEndpoint(ctx, params.name),
      stop: ({ params }) => serving.setEndpointStatus(ctx, params.name, 'stopped'),
      start: ({ params }) => serving.setEndpointStatus(ctx, params.name, 'active'),
      predictRef: ({ params, body }) => serving.predictRef(ctx, params.ref, body.inputs),
      importOnnx: ({ params, query, request, principal }) =>
        importOnnxModel(ctx, params.name, request.body, query, actorOf(principal)),
      predict: async ({ params, request, principal, reply }) => {
        const input = await readPredictInput(request);
        return serving.predict(ctx, params.name, input, principal, {
          ...callOptionsOf(request, input),
          onHeaders: (headers) => reply.headers(headers),
        });
      },
    });
  };
}

/**
 * The idempotency key and the request's fingerprint, for metering. Only a call with a key is
 * ever compared with another, so a call without one skips hashing its body.
 */
function callOptionsOf(request: FastifyRequest, input: serving.PredictInput) {
  const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
  if (!idempotencyKey) return { idempotencyKey, requestHash: '' };
  return {
    idempotencyKey,
    requestHash: requestHash([
      request.method,
      request.url.split('?')[0]!,
      input.kind === 'png' ? input.bytes : JSON.stringify(input),
    ]),
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
    const file = await readFilePart(request);
    if (!file) throw servingErrors.missingInput();
    return { kind: 'png', bytes: await filePartBytes(file) };
  }
  throw servingErrors.unsupportedMediaType(type || '(none)');
}
