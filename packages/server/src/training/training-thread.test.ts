import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../testing/index.ts';
import { openTrainingThreadContext } from './training-thread.context.ts';

/** What a training job sees of the context in its thread: its own connection, nothing of serving. */
describe('the training thread context', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.dispose());

  it('reads the workspace through its own connection and refuses what the serving process holds', async () => {
    const job = await ctx.jobs.enqueue('training', {
      dataset: 'none',
      model: 'mlp',
      epochs: 1,
      batchSize: 8,
      learningRate: 0.01,
      seed: 1,
      optimizer: 'adam',
      checkpoints: false,
    });
    await ctx.jobs.waitFor(job.id);
    const thread = await openTrainingThreadContext({ config: ctx.config, paths: ctx.paths });
    try {
      expect(thread.db).not.toBe(ctx.db);
      // The same rows as the runner's connection sees, read-only.
      expect((await thread.jobs.get(job.id))?.status).toBe('failed');
      expect((await thread.jobs.list('training')).map((j) => j.id)).toEqual([job.id]);
      expect(() => thread.jobs.cancel(job.id)).toThrowError(
        expect.objectContaining({ code: 'jobs.read_only' }),
      );
      for (const part of ['endpoints', 'metering', 'runtime', 'modelCache'] as const) {
        expect(() => thread[part]).toThrowError(
          expect.objectContaining({
            code: 'training.thread_context',
            message: expect.stringContaining(`ctx.${part}`),
          }),
        );
      }
      expect(thread.backend.name).toBe(ctx.backend.name);
    } finally {
      await thread.db.destroy();
    }
  });
});
