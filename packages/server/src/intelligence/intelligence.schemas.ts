import { z } from 'zod';
import { route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import {
  CustomerIntelligenceSchema,
  DealScoreSchema,
  DealScoresSchema,
  ForecastsSchema,
  INQUIRY_CATEGORIES,
  INQUIRY_STATUSES,
  InquirySchema,
  LeadRankingSchema,
  OpportunitiesSchema,
  RefreshJobSchema,
  RefreshViewSchema,
  ScoresSchema,
  SegmentsSchema,
} from './intelligence-views.schemas.ts';

/** The intelligence domain's requests and routes; its views are in intelligence-views.schemas.ts. */
export * from './intelligence-views.schemas.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM');

export const RefreshSchema = z
  .object({
    /** The last month of data to use (default: the last closed billing period). */
    asOf: month.optional(),
    /** The triage model's training budget (the demo uses a small one). */
    triage: z
      .object({
        epochs: z.number().int().min(1).max(50).optional(),
        maxTrainRows: z.number().int().min(50).max(500_000).optional(),
      })
      .strict()
      .optional(),
    /** Skip the text model (its training is the slow part). */
    skipTriage: z.boolean().optional(),
  })
  .strict();
export type RefreshInput = z.input<typeof RefreshSchema>;

export const ScoreQuerySchema = z.object({
  kind: z.enum(['churn', 'high_value']).default('churn'),
  limit: z.coerce.number().int().min(1).max(5000).default(50),
});

export const SubmitInquirySchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'an inquiry needs some text')
      .max(5000, 'an inquiry is at most 5,000 characters; attach long logs as a file'),
    /** Staff and partners say whose inquiry it is; a customer key sends its own. */
    customerId: z.string().min(1).optional(),
    /** zh or en; detected from the text when left out. */
    language: z.string().min(2).max(10).optional(),
    receivedAt: z.iso.datetime().optional(),
  })
  .strict();
export type SubmitInquiryInput = z.input<typeof SubmitInquirySchema>;

export const CorrectInquirySchema = z.object({ category: z.enum(INQUIRY_CATEGORIES) }).strict();

export const InquiryQuerySchema = z.object({
  status: z.enum(INQUIRY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const ForecastQuerySchema = z.object({
  by: z.enum(['product', 'partner', 'channel']).default('channel'),
  metric: z.enum(['usage', 'revenue']).default('revenue'),
});

const base = '/api/v1/intelligence';
const CustomerParams = z.object({ customerId: z.string().min(1) });
const DealParams = z.object({ dealId: z.string().min(1) });
const InquiryParams = z.object({ inquiryId: z.string().min(1) });

export const intelligenceContract = {
  refresh: route({
    method: 'POST',
    path: `${base}/refresh`,
    summary: 'Rebuild the data sets and retrain every intelligence model (a job)',
    access: ACCESS.staff,
    body: RefreshSchema,
    status: 202,
    response: RefreshJobSchema,
  }),
  refreshes: route({
    method: 'GET',
    path: `${base}/refreshes`,
    summary: 'Past refreshes with every model’s held-out figure next to its baseline',
    access: ACCESS.staffRead,
    response: z.array(RefreshViewSchema),
  }),
  models: route({
    method: 'GET',
    path: `${base}/models`,
    summary: 'The current intelligence models: versions, lineage, figures against baselines',
    access: ACCESS.staffRead,
    response: RefreshViewSchema,
  }),
  segments: route({
    method: 'GET',
    path: `${base}/segments`,
    summary: 'Customer segments (RFM and k-means) with their drivers (a partner: its own)',
    access: ACCESS.readStaffOrPartner,
    response: SegmentsSchema,
  }),
  scores: route({
    method: 'GET',
    path: `${base}/scores`,
    summary: 'Churn-risk or high-value scores with reasons, highest first (a partner: its own)',
    access: ACCESS.readStaffOrPartner,
    query: ScoreQuerySchema,
    response: ScoresSchema,
  }),
  customer: route({
    method: 'GET',
    path: `${base}/customers/:customerId`,
    summary: 'One customer’s segment and scores',
    access: ACCESS.readStaffOrPartner,
    params: CustomerParams,
    response: CustomerIntelligenceSchema,
  }),
  deals: route({
    method: 'GET',
    path: `${base}/deals`,
    summary: 'The open pipeline scored: win probability and expected value (a partner: its own)',
    access: ACCESS.readStaffOrPartner,
    response: DealScoresSchema,
  }),
  deal: route({
    method: 'GET',
    path: `${base}/deals/:dealId`,
    summary: 'One open deal’s win probability and its reasons',
    access: ACCESS.readStaffOrPartner,
    params: DealParams,
    response: DealScoreSchema,
  }),
  leadPartners: route({
    method: 'GET',
    path: `${base}/leads/:dealId/partners`,
    summary: 'Partners ranked for an open direct lead by predicted win probability × value',
    access: ACCESS.staffRead,
    params: DealParams,
    response: LeadRankingSchema,
  }),
  forecasts: route({
    method: 'GET',
    path: `${base}/forecasts`,
    summary: 'Monthly usage or revenue forecasts with intervals (a partner: its own series)',
    access: ACCESS.readStaffOrPartner,
    query: ForecastQuerySchema,
    response: ForecastsSchema,
  }),
  opportunities: route({
    method: 'GET',
    path: `${base}/opportunities`,
    summary: 'Region × industry cells ranked by the revenue a new partner would add',
    access: ACCESS.staffRead,
    response: OpportunitiesSchema,
  }),
  submitInquiry: route({
    method: 'POST',
    path: `${base}/inquiries`,
    summary: 'Send an inquiry or complaint (zh or en): classified and routed by the triage model',
    access: ACCESS.anyoneWriting,
    body: SubmitInquirySchema,
    status: 201,
    response: InquirySchema,
  }),
  inquiries: route({
    method: 'GET',
    path: `${base}/inquiries`,
    summary: 'Inquiries, newest first (needs_review: the ones waiting for a person)',
    access: ACCESS.anyone,
    query: InquiryQuerySchema,
    response: z.array(InquirySchema),
  }),
  inquiry: route({
    method: 'GET',
    path: `${base}/inquiries/:inquiryId`,
    summary: 'One inquiry and how it was routed',
    access: ACCESS.anyone,
    params: InquiryParams,
    response: InquirySchema,
  }),
  correctInquiry: route({
    method: 'POST',
    path: `${base}/inquiries/:inquiryId/correct`,
    summary: 'A person’s class for an inquiry: re-routes it and joins the next training set',
    access: ACCESS.staffOrPartner,
    params: InquiryParams,
    body: CorrectInquirySchema,
    response: InquirySchema,
  }),
};

/** The intelligence sections of the channel report: every figure names the version behind it. */
