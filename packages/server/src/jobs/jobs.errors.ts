import type { z } from 'zod';
import { AppError } from '../shared/app-error.ts';

/** The first few problems of a payload, as `path: message`. */
function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}

export const jobErrors = {
  closed: () => new AppError('jobs.closed', 503, 'the job runner is shutting down'),
  readOnly: (what: string) =>
    new AppError(
      'jobs.read_only',
      500,
      `a job's own thread cannot ${what}; the process's job runner does that`,
    ),
  notFound: (id: string) => new AppError('jobs.not_found', 404, `no job with id ${id}`),
  unknownQueue: (queue: string) =>
    new AppError(
      'jobs.unknown_queue',
      500,
      `no queue named ${queue} is registered in this process; its domain registers it at start`,
    ),
  /** A payload that does not fit its queue's schema, on enqueue (400) or on dequeue (the job fails). */
  badPayload: (queue: string, error: z.ZodError) =>
    new AppError(
      'jobs.bad_payload',
      400,
      `the payload does not fit the ${queue} queue: ${describe(error)}`,
      error.issues,
    ),
};
