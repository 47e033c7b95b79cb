import type { ConfigProblem } from '@qudao/ml';
import { AppError } from '../shared/app-error.ts';

export const trainingErrors = {
  unknownTemplate: (name: string, known: string[]) =>
    new AppError(
      'training.unknown_template',
      400,
      `unknown model template "${name}"; templates: ${known.join(', ')}`,
    ),
  unsuitableData: (message: string) => new AppError('training.unsuitable_data', 400, message),
  /** A config refused before training by `checkRunConfig`; its code says which check. */
  badConfig: (problem: ConfigProblem) => new AppError(problem.code, 400, problem.message),
  badLearningRate: (value: unknown) =>
    new AppError(
      'training.bad_learning_rate',
      400,
      `the learning rate must be a finite number above 0; got ${String(value)}`,
    ),
  cannotResume: (runId: string, why: string) =>
    new AppError('training.cannot_resume', 400, `cannot resume run ${runId}: ${why}`),
  badSearch: (message: string) => new AppError('training.bad_search', 400, message),
  jobNotFound: (id: string) =>
    new AppError('training.job_not_found', 404, `no training job with id ${id}`),
  runNotFound: (id: string) =>
    new AppError(
      'training.run_not_found',
      404,
      `no training run with id ${id}; see \`qudao runs list\``,
    ),
};
