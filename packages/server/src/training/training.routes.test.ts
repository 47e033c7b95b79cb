import { QudaoClient, type TrainingJobEvent } from '@qudao/client';
import { syntheticClasses } from '@qudao/ml/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLoadedDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';

describe('training routes', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let client: QudaoClient;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'flowers', syntheticClasses(120, 1), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
    app = await buildServer(ctx);
    client = new QudaoClient({
      baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
      token: ctx.ownerToken,
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('streams a job as server-sent events: snapshot, epochs, final status', async () => {
    const job = await client.training.start({
      body: { dataset: 'flowers', model: 'logistic-regression', epochs: 3, learningRate: 0.1 },
    });
    const events: TrainingJobEvent[] = [];
    await client.followTrainingJob(job.id, (e) => events.push(e));
    expect(events[0]!.event).toBe('snapshot');
    const last = events[events.length - 1]!;
    // A job that finished before the stream opened answers with its snapshot alone.
    if (events.length > 1)
      expect(last).toMatchObject({ event: 'status', data: { status: 'succeeded' } });
    else expect(last).toMatchObject({ event: 'snapshot', data: { status: 'succeeded' } });
    const runs = await client.training.listRuns({ query: { job: job.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.epochs).toHaveLength(3);
    expect((await client.training.getRun({ params: { id: runs[0]!.id } })).modelVersion).toBe(
      'flowers-logistic-regression@1',
    );
  });

  it('documents the event stream with its event schema and refuses an unknown job by code', async () => {
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    const events = doc.paths['/api/v1/training/jobs/{id}/events'].get;
    const content = events.responses['200'].content['text/event-stream'];
    expect(content.itemSchema).toEqual({ $ref: '#/components/schemas/TrainingJobEvent' });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['BatchProgress', 'EpochMetrics', 'TrainingJob', 'TrainingRun']),
    );
    await expect(client.followTrainingJob('job_nope', () => {})).rejects.toMatchObject({
      status: 404,
      code: 'training.job_not_found',
    });
  });

  it('answers a refused config with its code', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/training/jobs',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { dataset: 'flowers', model: 'mlp', loss: 'meanSquaredError' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('training.loss_mismatch');
  });
});
