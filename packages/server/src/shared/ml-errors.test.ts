import { ML_ERROR_CODES, MlError } from '@qudao/ml/errors';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from '../http/error-handler.ts';
import { isAppError } from './app-error.ts';
import { appErrorOfMl, fromMlError, mlErrorsAsAppErrors } from './ml-errors.ts';

describe('ml errors as app errors', () => {
  it('maps every ml code to one domain code with a client-error status and the same sentence', () => {
    for (const code of ML_ERROR_CODES) {
      const mapped = appErrorOfMl(new MlError(code, `why ${code}`));
      expect(mapped.code).toMatch(/^(data|serving|registry)\.[a-z_]+$/);
      expect(mapped.status).toBeGreaterThanOrEqual(400);
      expect(mapped.status).toBeLessThan(500);
      expect(mapped.message).toBe(`why ${code}`);
    }
    expect(appErrorOfMl(new MlError('bad_idx', 'x'))).toMatchObject({
      code: 'data.idx_corrupt',
      status: 422,
    });
    expect(appErrorOfMl(new MlError('too_large', 'x')).status).toBe(413);
  });

  it('leaves other errors alone and converts inside a wrapped call', async () => {
    const plain = new Error('boom');
    expect(fromMlError(plain)).toBe(plain);
    const error = await mlErrorsAsAppErrors(() => {
      throw new MlError('ragged_row', 'line 3 has 2 fields');
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('data.ragged_row');
  });

  it('answers an ml error that reaches the error handler with its mapped code, not a 500', async () => {
    const app = Fastify();
    installErrorHandler(app);
    app.get('/x', () => {
      throw new MlError('bad_shape', 'image must be 28 rows');
    });
    const response = await app.inject({ method: 'GET', url: '/x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'serving.bad_input',
      message: 'image must be 28 rows',
      params: ['shape', 'image must be 28 rows'],
      details: { reason: 'shape' },
    });
    await app.close();
  });
});
