import { AppError } from '../shared/app-error.ts';

export const trainingErrors = {
  unknownTemplate: (name: string, known: string[]) =>
    new AppError(
      'training.unknown_template',
      400,
      `unknown model template "${name}"; templates: ${known.join(', ')}`,
    ),
  unsuitableData: (message: string) => new AppError('training.unsuitable_data', 400, message),
  jobNotFound: (id: string) =>
    new AppError('training.job_not_found', 404, `no training job with id ${id}`),
};
