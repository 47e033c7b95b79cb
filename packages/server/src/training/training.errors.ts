import type { ConfigProblem } from '@qudao/ml';
import { AppError, defineErrors } from '../shared/app-error.ts';

const table = defineErrors({
  unknownTemplate: [
    'training.unknown_template',
    400,
    (name: string, known: string[]) =>
      `unknown model template "${name}"; templates: ${known.join(', ')}`,
  ],
  badLearningRate: [
    'training.bad_learning_rate',
    400,
    (value: unknown) => `the learning rate must be a finite number above 0; got ${String(value)}`,
  ],
  cannotResume: [
    'training.cannot_resume',
    400,
    (runId: string, why: string) =>
      `cannot resume run ${runId}: ${why}; start a fresh run without resumeRun`,
  ],
  /** A search space that cannot be expanded; the sentence says which key and why. */
  badSearch: ['training.bad_search', 400, (why: string) => why],
  noSuchSplit: [
    'training.no_such_split',
    400,
    (dataset: string, split: string) =>
      `${dataset} has no ${split} split; evaluate on the test split or import it with one`,
  ],
  /** The model cannot read this dataset (kind or classes); the sentence says what differs. */
  evalMismatch: ['training.eval_mismatch', 400, (why: string) => why],
  /** A stored job payload or config that fails its schema inside a job (see job-failures.ts). */
  invalidJob: [
    'training.invalid_job',
    400,
    (what: string, issues: string) =>
      `the ${what} is not valid: ${issues}; fix it and start the job again`,
  ],
  jobNotFound: [
    'training.job_not_found',
    404,
    (id: string) => `no training job with id ${id}; the ids are in GET /api/v1/training/jobs`,
  ],
  /** The training thread stopped without an answer (out of memory, a native crash). */
  threadFailed: [
    'training.thread_failed',
    500,
    (why: string) =>
      `the training thread stopped before the job finished (${why}); try a smaller batch size or model, and see the server log`,
  ],
  runNotFound: [
    'training.run_not_found',
    404,
    (id: string) => `no training run with id ${id}; see \`qudao runs list\``,
  ],
});

/**
 * Training's errors. A config that `checkRunConfig` refuses keeps the check's own code (ml's
 * `ConfigProblem`: training.loss_mismatch, training.one_class, …) and sentence.
 */
export const trainingErrors = Object.assign(table, {
  badConfig: (problem: ConfigProblem) => new AppError(problem.code, 400, problem.message),
});
