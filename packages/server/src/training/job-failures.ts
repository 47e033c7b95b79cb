import { z } from 'zod';
import type { JobContext } from '../jobs/job.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import { trainingErrors } from './training.errors.ts';

function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`)
    .join('; ');
}

/**
 * What a training, search or cross-validation job fails with: always a stable `<domain>.<reason>`
 * code and a sentence. A zod error (a config checked inside the job) and a `request.invalid`
 * from a service (a job has no request) become `training.invalid_job`; ml's data errors their
 * mapped codes; an error without a code (a bug, a TensorFlow.js shape error) `training.failed`,
 * so the job record never carries a raw stack message as its only explanation.
 */
export function jobFailureOf(error: unknown): unknown {
  if (error instanceof z.ZodError) return trainingErrors.invalidJob('job config', issuesOf(error));
  if (isAppError(error) && error.code === 'request.invalid') {
    return trainingErrors.invalidJob('job config', error.message.replace(/^invalid [^:]+: /, ''));
  }
  const mapped = fromMlError(error);
  if (mapped !== error) return mapped;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.includes('.')) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(
    'training.failed',
    500,
    `training stopped on an unexpected error (${message}); check the config and the data, and see the server log`,
  );
}

/** Wraps a job handler so whatever it throws is a {@link jobFailureOf} failure. */
export function withJobFailures<P, R>(
  handler: (payload: P, job: JobContext) => Promise<R>,
): (payload: P, job: JobContext) => Promise<R> {
  return async (payload, job) => {
    try {
      return await handler(payload, job);
    } catch (error) {
      throw jobFailureOf(error);
    }
  };
}
