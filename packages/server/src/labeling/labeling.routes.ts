import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { checkReply, mountContract } from '../shared/mount.ts';
import { labelingContract } from './labeling.schemas.ts';
import * as labeling from './labeling.service.ts';

/** The labeling queue of a dataset: open, next item, answer, stats, scores, export. */
export function labelingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, labelingContract, {
      open: ({ params, body }) =>
        labeling.openLabelingQueue(ctx, { ...body, dataset: params.name }),
      next: ({ params, query }) =>
        labeling.nextLabelingItem(ctx, { ...query, dataset: params.name }),
      answer: ({ params, body }) =>
        labeling.answerLabelingItem(ctx, { ...body, dataset: params.name }),
      stats: ({ params, query }) => labeling.labelingStats(ctx, params.name, query.version),
      confidences: ({ params, body }) =>
        labeling.setConfidences(ctx, params.name, body.scores, body.version),
      export: async ({ params, body, reply }) => {
        const result = await labeling.exportLabeledVersion(ctx, params.name, body.version);
        const view = { ...result.version, changed: result.changed };
        if (result.created) return view;
        // Nothing changed the content: the latest version, 200 rather than the contract's 201.
        const checked = checkReply(labelingContract.export, view, ctx.config.replyValidation);
        return reply.code(200).send(checked);
      },
    });
  };
}
