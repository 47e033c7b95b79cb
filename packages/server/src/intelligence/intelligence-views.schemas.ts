import { z } from 'zod';
import { Instant } from '../shared/contract.ts';

export const INQUIRY_CATEGORIES = [
  'billing',
  'technical',
  'sales',
  'complaint',
  'urgent_complaint',
] as const;
export const INQUIRY_ROUTES = ['partner', 'direct_support', 'review'] as const;
export const INQUIRY_STATUSES = ['routed', 'needs_review', 'corrected', 'closed'] as const;
export const INTELLIGENCE_MODELS = [
  'segments',
  'churn',
  'high_value',
  'deals',
  'triage',
  'forecast',
  'opportunities',
] as const;

/** A model version as intelligence figures cite it: `name@version`, its data and its period. */
export const ModelRefSchema = z
  .object({
    modelVersionId: z.string(),
    /** `intelligence-churn@3` */
    ref: z.string(),
    /** The data set version it was trained from, `name@version`, and its content hash. */
    dataset: z.string(),
    datasetHash: z.string(),
    /** The months it learned from and the later months it was scored on. */
    trainedOn: z.object({ from: z.string(), to: z.string() }),
    heldOut: z.object({ from: z.string(), to: z.string() }),
  })
  .meta({ id: 'IntelligenceModelRef' });

export const ModelFigureSchema = z
  .object({
    model: z.enum(INTELLIGENCE_MODELS),
    version: ModelRefSchema,
    /** The headline held-out figure and whether higher is better. */
    metric: z.string(),
    higherIsBetter: z.boolean(),
    value: z.number().nullable(),
    baseline: z.object({ name: z.string(), value: z.number().nullable() }),
    beatsBaseline: z.boolean(),
    /** Every other figure of the run (per language, per candidate, calibration, …). */
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'IntelligenceModelFigure' });

export const RefreshViewSchema = z
  .object({
    id: z.string(),
    asOf: Instant,
    status: z.enum(['running', 'succeeded', 'failed']),
    startedAt: Instant,
    finishedAt: Instant.nullable(),
    models: z.array(ModelFigureSchema),
    /** Models left out of this refresh for too little data, and why. */
    skipped: z.array(z.object({ model: z.string(), reason: z.string() })),
    error: z.string().nullable(),
  })
  .meta({ id: 'IntelligenceRefresh' });

export const RefreshJobSchema = z.object({ jobId: z.string(), status: z.string() });

const Reason = z.object({
  feature: z.string(),
  value: z.number(),
  /** What it adds to the score, in the model's own units (log-odds or probability). */
  effect: z.number(),
});

export const CustomerSegmentSchema = z
  .object({
    customerId: z.string(),
    customerName: z.string(),
    partnerId: z.string().nullable(),
    region: z.string().nullable(),
    industry: z.string().nullable(),
    /** RFM segment: Champions, Loyal, Potential loyalists, New, Needs attention, At risk, … */
    segment: z.string(),
    /** Quintile scores 1–5 (recency: 5 = called most recently). */
    rfm: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }),
    /** The k-means cluster and its name. */
    cluster: z.number().int(),
    clusterName: z.string(),
    drivers: z.array(z.string()),
  })
  .meta({ id: 'CustomerSegment' });

const SegmentCount = z.object({ segment: z.string(), customers: z.number().int() });

export const SegmentsSchema = z
  .object({
    modelVersion: ModelRefSchema,
    asOf: Instant,
    k: z.number().int(),
    silhouette: z.number(),
    customers: z.array(CustomerSegmentSchema),
    byPartner: z.array(
      z.object({
        partnerId: z.string().nullable(),
        counts: z.array(SegmentCount),
      }),
    ),
    byCell: z.array(
      z.object({ region: z.string(), industry: z.string(), counts: z.array(SegmentCount) }),
    ),
  })
  .meta({ id: 'Segments' });

export const CustomerScoreSchema = z
  .object({
    customerId: z.string(),
    customerName: z.string(),
    partnerId: z.string().nullable(),
    probability: z.number(),
    /** 1 = highest score among the customers the caller sees. */
    rank: z.number().int(),
    reasons: z.array(Reason),
  })
  .meta({ id: 'CustomerScore' });

export const ScoresSchema = z
  .object({
    kind: z.enum(['churn', 'high_value']),
    modelVersion: ModelRefSchema,
    asOf: Instant,
    customers: z.array(CustomerScoreSchema),
  })
  .meta({ id: 'CustomerScores' });

export const CustomerIntelligenceSchema = z
  .object({
    customerId: z.string(),
    segment: CustomerSegmentSchema.nullable(),
    churn: CustomerScoreSchema.nullable(),
    highValue: CustomerScoreSchema.nullable(),
    models: z.array(ModelRefSchema),
  })
  .meta({ id: 'CustomerIntelligence' });

export const DealScoreSchema = z
  .object({
    dealId: z.string(),
    company: z.string(),
    partnerId: z.string().nullable(),
    stage: z.string(),
    valueMinor: z.number().int(),
    currency: z.string(),
    winProbability: z.number(),
    /** The naive Bayes baseline's probability, for comparison. */
    baselineProbability: z.number(),
    expectedValueMinor: z.number().int(),
    reasons: z.array(Reason),
    modelVersion: z.string(),
  })
  .meta({ id: 'DealScore' });

export const DealScoresSchema = z
  .object({ modelVersion: ModelRefSchema, asOf: Instant, deals: z.array(DealScoreSchema) })
  .meta({ id: 'DealScores' });

export const LeadRankingSchema = z
  .object({
    dealId: z.string(),
    modelVersion: z.string(),
    partners: z.array(
      z.object({
        partnerId: z.string(),
        name: z.string(),
        winProbability: z.number(),
        expectedValueMinor: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'LeadRanking' });

export const InquirySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    partnerId: z.string().nullable(),
    text: z.string(),
    language: z.enum(['zh', 'en']),
    receivedAt: Instant,
    category: z.enum(INQUIRY_CATEGORIES).nullable(),
    confidence: z.number().nullable(),
    route: z.enum(INQUIRY_ROUTES),
    routedPartnerId: z.string().nullable(),
    status: z.enum(INQUIRY_STATUSES),
    /** What people settled on: the next training set learns this. */
    finalCategory: z.enum(INQUIRY_CATEGORIES).nullable(),
    /** The triage model version that routed it (`intelligence-triage@2`), null for history. */
    modelVersion: z.string().nullable(),
    correctedBy: z.string().nullable(),
    correctedAt: Instant.nullable(),
  })
  .meta({ id: 'Inquiry' });

const ForecastPoint = z.object({
  month: z.string(),
  mean: z.number(),
  lower: z.number(),
  upper: z.number(),
});

export const ForecastSeriesSchema = z
  .object({
    by: z.enum(['product', 'partner', 'channel']),
    id: z.string(),
    name: z.string(),
    metric: z.enum(['usage', 'revenue']),
    history: z.array(z.object({ month: z.string(), actual: z.number() })),
    /** The held-out months: the model's and seasonal naive's forecasts against what happened. */
    heldOut: z.array(
      z.object({
        month: z.string(),
        forecast: z.number(),
        baseline: z.number(),
        actual: z.number(),
      }),
    ),
    forecast: z.array(ForecastPoint),
  })
  .meta({ id: 'ForecastSeries' });

export const ForecastsSchema = z
  .object({ modelVersion: ModelRefSchema, asOf: Instant, series: z.array(ForecastSeriesSchema) })
  .meta({ id: 'Forecasts' });

export const OpportunitySchema = z
  .object({
    rank: z.number().int(),
    region: z.string(),
    industry: z.string(),
    demandMinor: z.number().int(),
    /** Yearly revenue now earned in the cell (last 3 months × 4). */
    revenueMinor: z.number().int(),
    partners: z.number().int(),
    customers: z.number().int(),
    winRate: z.number().nullable(),
    /** Predicted new-customer revenue a year, now and with one more partner covering the cell. */
    predictedNewRevenueMinor: z.number().int(),
    withPartnerNewRevenueMinor: z.number().int(),
    addedRevenueMinor: z.number().int(),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'Opportunity' });

export const OpportunitiesSchema = z
  .object({
    modelVersion: ModelRefSchema,
    asOf: Instant,
    cells: z.array(OpportunitySchema),
  })
  .meta({ id: 'Opportunities' });

export type ModelRef = z.infer<typeof ModelRefSchema>;
export type ModelFigure = z.infer<typeof ModelFigureSchema>;
export type RefreshView = z.infer<typeof RefreshViewSchema>;
export type CustomerSegment = z.infer<typeof CustomerSegmentSchema>;
export type CustomerScore = z.infer<typeof CustomerScoreSchema>;
export type DealScore = z.infer<typeof DealScoreSchema>;
export type InquiryView = z.infer<typeof InquirySchema>;
export type ForecastSeries = z.infer<typeof ForecastSeriesSchema>;
export type Opportunity = z.infer<typeof OpportunitySchema>;
export type InquiryCategory = (typeof INQUIRY_CATEGORIES)[number];

export const IntelligenceReportSchema = z
  .object({
    refreshId: z.string(),
    /** Sections of models the last refresh skipped (too little data) are null. */
    asOf: Instant,
    models: z.array(ModelFigureSchema),
    segments: z
      .object({
        modelVersion: z.string(),
        k: z.number().int(),
        counts: z.array(SegmentCount),
      })
      .nullable(),
    churnRisks: z
      .object({ modelVersion: z.string(), customers: z.array(CustomerScoreSchema) })
      .nullable(),
    pipeline: z
      .object({
        modelVersion: z.string(),
        openDeals: z.number().int(),
        expectedValueMinor: z.number().int(),
        top: z.array(DealScoreSchema),
      })
      .nullable(),
    inquiries: z.object({
      modelVersion: z.string().nullable(),
      routed: z.number().int(),
      needsReview: z.number().int(),
      corrected: z.number().int(),
      latest: z.array(InquirySchema),
    }),
    opportunities: z
      .object({ modelVersion: z.string(), top: z.array(OpportunitySchema) })
      .nullable(),
    forecast: z
      .object({
        modelVersion: z.string(),
        /** Revenue per channel: the last held-out month against what happened, and next month. */
        byChannel: z.array(
          z.object({
            channel: z.string(),
            month: z.string(),
            forecast: z.number(),
            baseline: z.number(),
            actual: z.number(),
            next: ForecastPoint,
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: 'IntelligenceReport' });
export type IntelligenceReport = z.infer<typeof IntelligenceReportSchema>;
