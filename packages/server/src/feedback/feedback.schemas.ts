import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const FEEDBACK_KINDS = ['csat', 'nps', 'complaint'] as const;

export const CreateFeedbackSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('csat'),
      score: z.number().int().min(1).max(5),
      text: z.string().max(2000).optional(),
    }),
    z.object({
      kind: z.literal('nps'),
      score: z.number().int().min(0).max(10),
      text: z.string().max(2000).optional(),
    }),
    z.object({ kind: z.literal('complaint'), text: z.string().trim().min(1).max(2000) }),
  ])
  .and(
    z.object({
      /** Staff and partners say for which customer; a customer gives feedback for itself. */
      customerId: z.string().min(1).optional(),
      /** When it was given (default: the server's clock). Staff only, for imports of history. */
      createdAt: z.iso.datetime().optional(),
    }),
  );

export const ResolveSchema = z
  .object({
    /** When it was resolved (default: the server's clock). Staff only, not before it was opened. */
    at: z.iso.datetime().optional(),
  })
  .strict();
export const FeedbackParams = z.object({ feedbackId: z.string().min(1) });

export type CreateFeedbackInput = z.input<typeof CreateFeedbackSchema>;

export const FeedbackSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    partnerId: z.string().nullable(),
    kind: z.enum(FEEDBACK_KINDS),
    /** CSAT 1–5 or NPS 0–10; null for a complaint. */
    score: z.number().int().nullable(),
    text: z.string().nullable(),
    /** Complaints are open until resolved; scores are recorded. */
    status: z.enum(['open', 'resolved', 'recorded']),
    createdAt: Instant,
    resolvedAt: Instant.nullable(),
  })
  .meta({ id: 'Feedback' });

export type FeedbackView = z.infer<typeof FeedbackSchema>;

export const feedbackContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/feedback',
    summary: 'CSAT, NPS and complaints (partners see their customers’, customers their own)',
    access: ACCESS.anyone,
    response: z.array(FeedbackSchema),
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/feedback',
    summary: 'Give CSAT (1–5), NPS (0–10) or a complaint (partners: complaints only)',
    access: ACCESS.anyoneWriting,
    body: CreateFeedbackSchema,
    status: 201,
    response: FeedbackSchema,
  }),
  resolve: route({
    method: 'POST',
    path: '/api/v1/feedback/:feedbackId/resolve',
    summary: 'Resolve an open complaint',
    access: ACCESS.staffOrPartner,
    params: FeedbackParams,
    body: ResolveSchema,
    response: FeedbackSchema,
  }),
};
