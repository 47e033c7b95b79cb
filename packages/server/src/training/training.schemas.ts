import { z } from 'zod';
import { IdParams, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import {
  CrossValidationSchema,
  EvaluateSchema,
  SearchSchema,
  TrainingConfigSchema,
} from './training-config.schemas.ts';
import {
  EvaluationSchema,
  RunComparisonSchema,
  TrainingJobEventSchema,
  TrainingJobSchema,
  TrainingRunSchema,
} from './training-views.schemas.ts';

export * from './training-config.schemas.ts';
export * from './training-views.schemas.ts';

export const RunsQuerySchema = z.object({
  experiment: z.string().optional(),
  /** A job: its own run, or the trials and folds of a search or cross-validation. */
  job: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const CompareQuerySchema = z.object({ a: z.string().min(1), b: z.string().min(1) });

const jobPath = '/api/v1/training/jobs/:id';

export const trainingContract = {
  listJobs: route({
    method: 'GET',
    path: '/api/v1/training/jobs',
    summary: 'Training, search and cross-validation jobs, newest first',
    access: ACCESS.staffRead,
    response: z.array(TrainingJobSchema),
  }),
  start: route({
    method: 'POST',
    path: '/api/v1/training/jobs',
    summary: 'Check a training config against its dataset and queue the job',
    access: ACCESS.staff,
    body: TrainingConfigSchema,
    status: 202,
    response: TrainingJobSchema,
  }),
  startSearch: route({
    method: 'POST',
    path: '/api/v1/training/searches',
    summary: 'Queue a grid or random hyperparameter search',
    access: ACCESS.staff,
    body: SearchSchema,
    status: 202,
    response: TrainingJobSchema,
  }),
  startCrossValidation: route({
    method: 'POST',
    path: '/api/v1/training/cross-validations',
    summary: 'Queue a k-fold cross-validation of one config',
    access: ACCESS.staff,
    body: CrossValidationSchema,
    status: 202,
    response: TrainingJobSchema,
  }),
  getJob: route({
    method: 'GET',
    path: jobPath,
    summary: 'One training job',
    access: ACCESS.staffRead,
    params: IdParams,
    response: TrainingJobSchema,
  }),
  events: route({
    method: 'GET',
    path: `${jobPath}/events`,
    summary: "A job's live events (server-sent events) until it finishes",
    description:
      'Each event is `event: <name>` and `data: <JSON>` as TrainingJobEvent describes: `snapshot` first, then `progress`, `epoch` and `status`; the stream ends when the job does.',
    access: ACCESS.staffRead,
    params: IdParams,
    produces: 'text/event-stream',
    response: TrainingJobEventSchema,
  }),
  cancel: route({
    method: 'POST',
    path: `${jobPath}/cancel`,
    summary: 'Cancel a queued or running job (a run keeps its last checkpoint)',
    access: ACCESS.staff,
    params: IdParams,
    response: TrainingJobSchema,
  }),
  listRuns: route({
    method: 'GET',
    path: '/api/v1/training/runs',
    summary: 'Runs, newest first, by experiment or job',
    access: ACCESS.staffRead,
    query: RunsQuerySchema,
    response: z.array(TrainingRunSchema),
  }),
  compareRuns: route({
    method: 'GET',
    path: '/api/v1/training/runs/compare',
    summary: 'Two runs side by side: metrics with deltas, the config keys that differ',
    access: ACCESS.staffRead,
    query: CompareQuerySchema,
    response: RunComparisonSchema,
  }),
  getRun: route({
    method: 'GET',
    path: '/api/v1/training/runs/:id',
    summary: 'One run with its epochs, metrics and system figures',
    access: ACCESS.staffRead,
    params: IdParams,
    response: TrainingRunSchema,
  }),
  evaluate: route({
    method: 'POST',
    path: '/api/v1/evaluations',
    summary: 'Score a registered model version on a split of a dataset version',
    access: ACCESS.staff,
    body: EvaluateSchema,
    response: EvaluationSchema,
  }),
};
