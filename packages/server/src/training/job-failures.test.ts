import { syntheticClasses } from '@qudao/ml/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importLoadedDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import type { JobRecord } from '../jobs/job.ts';
import { createTestContext } from '../testing/index.ts';
import { jobFailureOf } from './job-failures.ts';
import { listRuns } from './training-runs.service.ts';

/**
 * Payloads that fit their queue's schema but cannot train, enqueued straight onto the queues
 * (around the checks of startTraining): each job must fail with a stable code and a sentence,
 * and the API must go on answering for it.
 */
describe('training job failures', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const base = {
    dataset: 'flowers',
    datasetVersion: 1,
    epochs: 1,
    batchSize: 16,
    learningRate: 0.01,
    seed: 1,
    optimizer: 'adam',
    checkpoints: false,
  } as const;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'flowers', syntheticClasses(60, 1), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const finished = async (job: { id: string }): Promise<JobRecord> => ctx.jobs.waitFor(job.id);
  const get = (url: string) =>
    app.inject({ url, headers: { authorization: `Bearer ${ctx.ownerToken}` } });

  it('fails a training job whose config the dataset cannot train with the check’s own code', async () => {
    const unknown = await finished(
      await ctx.jobs.enqueue('training', { ...base, model: 'no-such-template' }),
    );
    expect(unknown.status).toBe('failed');
    expect(unknown.error).toMatchObject({
      code: 'training.unknown_template',
      message: expect.stringContaining('mlp'),
    });
    const loss = await finished(
      await ctx.jobs.enqueue('training', { ...base, model: 'mlp', loss: 'meanSquaredError' }),
    );
    expect(loss.error?.code).toBe('training.loss_mismatch');
    const text = await finished(
      await ctx.jobs.enqueue('training', { ...base, model: 'text-lstm' }),
    );
    expect(text.error?.code).toBe('training.unsuitable_data');
    const gone = await finished(
      await ctx.jobs.enqueue('training', { ...base, model: 'mlp', datasetVersion: 9 }),
    );
    expect(gone.error?.code).toBe('data.version_not_found');
  });

  it('fails a search whose base cannot train, and a cross-validation, with the same codes', async () => {
    const search = await finished(
      await ctx.jobs.enqueue('training-search', {
        base: { ...base, model: 'mlp', loss: 'meanSquaredError' },
        strategy: 'grid',
        space: { learningRate: [0.01, 0.1] },
        trials: 2,
        registerBest: true,
      }),
    );
    expect(search.status).toBe('failed');
    expect(search.error?.code).toBe('training.loss_mismatch');
    const folds = await finished(
      await ctx.jobs.enqueue('training-cv', {
        config: { ...base, model: 'text-gru' },
        folds: 2,
      }),
    );
    expect(folds.error?.code).toBe('training.unsuitable_data');
    expect(await listRuns(ctx, { jobId: folds.id })).toEqual([]);
  });

  it('answers for failed jobs, and for a job whose stored payload no longer fits, without a 500', async () => {
    const job = await finished(
      await ctx.jobs.enqueue('training', { ...base, model: 'mlp', loss: 'meanSquaredError' }),
    );
    const one = await get(`/api/v1/training/jobs/${job.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().error.code).toBe('training.loss_mismatch');
    await ctx.db
      .updateTable('jobs')
      .set({ payload_json: JSON.stringify({ dataset: 7, model: null }) })
      .where('id', '=', job.id)
      .execute();
    const list = await get('/api/v1/training/jobs');
    expect(list.statusCode).toBe(200);
    const listed = (list.json() as { id: string; config: unknown }[]).find((j) => j.id === job.id);
    expect(listed?.config).toEqual({ dataset: 7, model: null });
  });

  it('turns a zod error, a request error and an uncoded error into stable job failures', () => {
    const zod = z.object({ epochs: z.number().int() }).safeParse({ epochs: 'many' }).error;
    expect(jobFailureOf(zod)).toMatchObject({
      code: 'training.invalid_job',
      message: expect.stringContaining('epochs:'),
    });
    const plain = jobFailureOf(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(plain).toMatchObject({
      code: 'training.failed',
      message: expect.stringContaining('reading'),
    });
    const coded = Object.assign(new Error('diverged'), { code: 'training.diverged' });
    expect(jobFailureOf(coded)).toBe(coded);
  });
});
