import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { DatasetRefParams } from '../data/data.schemas.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import * as labeling from './labeling.service.ts';

const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

/** The labeling queue of a dataset: open, next item, answer, stats, scores, export. */
export function labelingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const base = '/api/v1/datasets/:name/labeling';

    app.post(base, access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      return labeling.openLabelingQueue(ctx, { ...(request.body as object), dataset: name });
    });

    app.get(`${base}/next`, access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      const query = parseInput(
        z.object({
          labeler: z.string(),
          order: z.string().optional(),
          version: z.coerce.number().optional(),
          answersPerItem: z.coerce.number().optional(),
          model: z.string().optional(),
        }),
        request.query,
      );
      return labeling.nextLabelingItem(ctx, { ...query, dataset: name } as never);
    });

    app.post(`${base}/answers`, access.owner, async (request, reply) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      reply.code(201);
      return labeling.answerLabelingItem(ctx, {
        ...(request.body as object),
        dataset: name,
      } as never);
    });

    app.get(`${base}/stats`, access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      const { version } = parseInput(VersionQuery, request.query);
      return labeling.labelingStats(ctx, name, version);
    });

    app.post(`${base}/confidences`, access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      const body = parseInput(
        z.object({
          version: z.number().int().optional(),
          scores: z.array(
            z.object({ row: z.number().int().min(0), confidence: z.number().min(0).max(1) }),
          ),
        }),
        request.body,
      );
      return labeling.setConfidences(ctx, name, body.scores, body.version);
    });

    app.post(`${base}/export`, access.owner, async (request, reply) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      const { version } = parseInput(VersionQuery, request.body ?? {});
      const result = await labeling.exportLabeledVersion(ctx, name, version);
      reply.code(result.created ? 201 : 200);
      return { ...result.version, changed: result.changed };
    });
  };
}
