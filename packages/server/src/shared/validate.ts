import type { z } from 'zod';
import { AppError } from './app-error.ts';

/** Parses input at a boundary; a failure becomes `request.invalid` with each issue listed. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what = 'request',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.'),
      message: i.message,
    }));
    const first = issues[0];
    throw new AppError(
      'request.invalid',
      400,
      `invalid ${what}: ${first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'bad input'}`,
      { issues },
    );
  }
  return result.data;
}
