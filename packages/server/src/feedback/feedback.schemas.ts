import { z } from 'zod';

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
      createdAt: z.iso.datetime().optional(),
    }),
  );

export const ResolveSchema = z.object({ at: z.iso.datetime().optional() }).strict();
export const FeedbackParams = z.object({ feedbackId: z.string().min(1) });

export type CreateFeedbackInput = z.input<typeof CreateFeedbackSchema>;
