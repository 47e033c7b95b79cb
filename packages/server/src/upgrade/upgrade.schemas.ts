import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

/** `:name` of an endpoint. */
const EndpointParams = z.object({ name: z.string().min(1).max(100) });

/** How one retraining runs and how its canary is judged; every field has a default. */
export const RetrainSchema = z
  .object({
    /** Changes to the production version's training config (e.g. more epochs). */
    training: z
      .object({
        epochs: z.number().int().min(1).max(1000).optional(),
        batchSize: z.number().int().min(1).max(4096).optional(),
        learningRate: z.number().positive().max(10).optional(),
        seed: z.number().int().min(0).optional(),
        options: z.record(z.string(), z.unknown()).optional(),
      })
      .default({}),
    /** Deploy the candidate as a canary even if it is not better on the held-out set. */
    force: z.boolean().default(false),
    /** The candidate must beat production on the held-out set by more than this (accuracy, or RMSE). */
    minImprovement: z.number().min(0).default(0),
    /** Share of callers the canary gets. */
    canaryPercent: z.number().min(1).max(100).default(20),
    /** Canary calls before it is judged. */
    minRequests: z.number().int().min(1).max(1_000_000).default(200),
    /** Labels on canary answers before its accuracy counts (judged without after 5 × minRequests). */
    minFeedback: z.number().int().min(0).max(1_000_000).default(20),
    /** The canary's server error rate may exceed production's by at most this. */
    maxErrorRateIncrease: z.number().min(0).max(1).default(0.01),
    /** The canary's p95 latency may be at most this times production's (plus 2 ms of noise). */
    maxLatencyRatio: z.number().min(1).max(100).default(1.5),
    /** The canary's feedback accuracy may be at most this below production's. */
    maxAccuracyDrop: z.number().min(0).max(1).default(0.02),
  })
  .meta({ id: 'RetrainRequest' });

export type RetrainInput = z.input<typeof RetrainSchema>;
export type RetrainOptions = z.output<typeof RetrainSchema>;

/** When an endpoint retrains by itself, and with which options. */
export const RetrainPolicySchema = z
  .object({
    /** Retrain every this many hours (null: no schedule). */
    scheduleHours: z
      .number()
      .positive()
      .max(24 * 366)
      .nullable()
      .default(null),
    /** Retrain when a drift alert is raised on the endpoint. */
    onDrift: z.boolean().default(false),
    retrain: RetrainSchema.default(RetrainSchema.parse({})),
  })
  .meta({ id: 'RetrainPolicy' });

export type RetrainPolicyInput = z.input<typeof RetrainPolicySchema>;

export const RetrainPolicyViewSchema = RetrainPolicySchema.extend({
  endpoint: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: Instant.nullable(),
  /** When the schedule runs next (null: no schedule). */
  nextRunAt: Instant.nullable(),
}).meta({ id: 'RetrainPolicyView' });

export type RetrainPolicyView = z.infer<typeof RetrainPolicyViewSchema>;

export const UPGRADE_STATUSES = [
  'dataset',
  'training',
  'evaluating',
  'canary',
  'promoted',
  'rolled_back',
  'rejected',
  'failed',
  'abandoned',
] as const;

const VersionRef = z.object({ model: z.string(), version: z.number().int() });

export const UpgradeStepSchema = z.object({
  /** dataset, training, trained, evaluated, rejected, canary, watching, promoted, rolled_back, failed… */
  step: z.string(),
  at: Instant,
  detail: z.record(z.string(), z.unknown()),
});

export const UpgradeRunSchema = z
  .object({
    id: z.string(),
    endpoint: z.string(),
    /** manual, schedule or drift. */
    trigger: z.string(),
    status: z.enum(UPGRADE_STATUSES),
    actor: z.string(),
    production: VersionRef.nullable(),
    candidate: VersionRef.nullable(),
    dataset: z.object({ name: z.string(), version: z.number().int() }).nullable(),
    trainingJobId: z.string().nullable(),
    options: RetrainSchema,
    steps: z.array(UpgradeStepSchema),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    finishedAt: Instant.nullable(),
  })
  .meta({ id: 'UpgradeRun' });

export type UpgradeRunView = z.infer<typeof UpgradeRunSchema>;

export const RunParams = z.object({ runId: z.string().min(1).max(100) });
export const RunListQuery = z.object({
  endpoint: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const upgradeContract = {
  retrain: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/retrain',
    summary:
      'Retrain from the training data plus labelled feedback; a better model goes out as a canary',
    description:
      'Starts one run of the upgrade loop and answers at once (202); `GET /api/v1/upgrade-runs/:runId` follows its steps.',
    access: ACCESS.staff,
    params: EndpointParams,
    body: RetrainSchema,
    status: 202,
    response: UpgradeRunSchema,
  }),
  listRuns: route({
    method: 'GET',
    path: '/api/v1/upgrade-runs',
    summary: 'Runs of the upgrade loop, newest first',
    access: ACCESS.staffRead,
    query: RunListQuery,
    response: z.array(UpgradeRunSchema),
  }),
  getRun: route({
    method: 'GET',
    path: '/api/v1/upgrade-runs/:runId',
    summary: 'One run of the upgrade loop with every step',
    access: ACCESS.staffRead,
    params: RunParams,
    response: UpgradeRunSchema,
  }),
  getPolicy: route({
    method: 'GET',
    path: '/api/v1/endpoints/:name/retrain-policy',
    summary: 'When the endpoint retrains by itself (schedule, drift) and how its canary is judged',
    access: ACCESS.staffRead,
    params: EndpointParams,
    response: RetrainPolicyViewSchema,
  }),
  setPolicy: route({
    method: 'PUT',
    path: '/api/v1/endpoints/:name/retrain-policy',
    summary: 'Set the endpoint’s retraining policy',
    access: ACCESS.staff,
    params: EndpointParams,
    body: RetrainPolicySchema,
    response: RetrainPolicyViewSchema,
  }),
};
