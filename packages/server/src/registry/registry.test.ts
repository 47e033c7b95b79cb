import { access as fsAccess } from 'node:fs/promises';
import { syntheticRegression, syntheticSpam } from '@qudao/ml/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLoadedDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { deploy } from '../serving/serving.service.ts';
import { predictWithVersion } from '../serving/version-predict.service.ts';
import { createTestContext } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { artifactDir, getModelVersion } from './registry.service.ts';
import {
  getModelCard,
  modelEvents,
  removeAlias,
  resolveModelRef,
  setAlias,
  setModelCard,
  setTag,
} from './registry-lifecycle.service.ts';
import { deleteVersion, exportVersion, importVersion } from './registry-transfer.service.ts';

describe('registry', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'houses', syntheticRegression(120, 1), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
    await importLoadedDataset(ctx, 'mail', syntheticSpam(120, 2), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
    for (const input of [
      {
        dataset: 'houses',
        model: 'linear-regression',
        modelName: 'houses',
        epochs: 10,
        learningRate: 0.05,
      },
      {
        dataset: 'houses',
        model: 'linear-regression',
        modelName: 'houses',
        epochs: 2,
        learningRate: 0.05,
      },
      {
        dataset: 'mail',
        model: 'text-gru',
        modelName: 'mail',
        epochs: 3,
        learningRate: 0.02,
        options: { embedDim: 8, units: 8 },
        text: { sequenceLength: 12 },
      },
    ]) {
      const job = await startTraining(ctx, input);
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
  });
  afterAll(() => ctx?.dispose());

  it('moves aliases and sets tags with who and when, resolving name@alias', async () => {
    await setAlias(ctx, 'houses', 'production', 1, 'owner');
    await setAlias(ctx, 'houses', 'staging', 2, 'admin:tok1');
    expect((await resolveModelRef(ctx, 'houses@production')).version).toBe(1);
    const moved = await setAlias(ctx, 'houses', 'production', 2, 'admin:tok1');
    expect(moved.find((a) => a.alias === 'production')).toMatchObject({
      version: 2,
      setBy: 'admin:tok1',
    });
    await removeAlias(ctx, 'houses', 'staging', 'owner');
    const tags = await setTag(ctx, 'houses', 2, 'reviewed', 'yes', 'owner');
    expect(tags).toEqual([
      expect.objectContaining({ key: 'reviewed', value: 'yes', setBy: 'owner' }),
    ]);
    const events = (await modelEvents(ctx, 'houses')).map((e) => e.action);
    expect(events).toEqual([
      'version.registered',
      'version.registered',
      'alias.set',
      'alias.set',
      'alias.set',
      'alias.removed',
      'tag.set',
    ]);
    await expect(resolveModelRef(ctx, 'houses@canary')).rejects.toMatchObject({
      code: 'registry.alias_not_found',
    });
    await expect(setAlias(ctx, 'houses', '7', 1, 'owner')).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });

  it('writes a model card that carries lineage and metrics', async () => {
    await setModelCard(
      ctx,
      'houses',
      1,
      { intendedUse: 'price estimates for the demo', limitations: 'synthetic data' },
      'owner',
    );
    const card = await getModelCard(ctx, 'houses', 1);
    expect(card).toMatchObject({
      intendedUse: 'price estimates for the demo',
      data: { dataset: 'houses', version: 1 },
    });
    expect((card.metrics as { rmse: number }).rmse).toBeGreaterThan(0);
  });

  it('checks inputs against the signature at predict time', async () => {
    const houses = await getModelVersion(ctx, 'houses', 1);
    const [prediction] = await predictWithVersion(ctx, houses, [{ a: 1, b: 1, c: 4, d: 0.5 }]);
    expect((prediction as { value: number }).value).toBeGreaterThan(5);
    await expect(predictWithVersion(ctx, houses, [[1, 2]])).rejects.toMatchObject({
      code: 'serving.bad_input',
      message: expect.stringContaining('a, b, c, d'),
    });
    await expect(
      predictWithVersion(ctx, houses, [{ a: 1, b: 'x', c: 1, d: 1 }]),
    ).rejects.toMatchObject({
      code: 'serving.bad_input',
    });
    const mail = await getModelVersion(ctx, 'mail', 1);
    const [spam] = await predictWithVersion(ctx, mail, ['free cash prize click now']);
    expect((spam as { probabilities: unknown[] }).probabilities).toHaveLength(2);
    await expect(predictWithVersion(ctx, mail, [42])).rejects.toMatchObject({
      code: 'serving.bad_input',
    });
  });

  it('exports a version as one file and imports it with its lineage and card, also over HTTP', async () => {
    const { bytes, fileName } = await exportVersion(ctx, 'houses', 1);
    expect(fileName).toBe('houses@1.qudao-model');
    const imported = await importVersion(ctx, bytes, { as: 'houses-copy', actor: 'owner' });
    expect(imported).toMatchObject({
      model: 'houses-copy',
      version: 1,
      dataset: 'houses',
      datasetVersion: 1,
    });
    expect(imported.artifactHash).toBe((await getModelVersion(ctx, 'houses', 1)).artifactHash);
    expect(await getModelCard(ctx, 'houses-copy', 1)).toMatchObject({
      intendedUse: 'price estimates for the demo',
    });
    await expect(importVersion(ctx, Buffer.from('nope'), { actor: 'owner' })).rejects.toMatchObject(
      { code: 'registry.bad_bundle' },
    );

    const app = await buildServer(ctx);
    const exported = await app.inject({
      url: '/api/v1/models/mail/versions/1/export',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(exported.statusCode).toBe(200);
    const back = await app.inject({
      method: 'POST',
      url: '/api/v1/models/import?as=mail-copy',
      headers: {
        authorization: `Bearer ${ctx.ownerToken}`,
        'content-type': 'application/octet-stream',
      },
      payload: exported.rawPayload,
    });
    expect(back.statusCode).toBe(201);
    const predicted = await app.inject({
      method: 'POST',
      url: '/api/v1/model-refs/mail-copy@1/predict',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { inputs: ['meeting notes for the team'] },
    });
    expect(predicted.statusCode).toBe(200);
    await app.close();
  });

  it('deletes a version and frees its artifact, but not while an alias or endpoint uses it', async () => {
    await expect(deleteVersion(ctx, 'houses', 2, 'owner')).rejects.toMatchObject({
      code: 'registry.version_in_use',
    });
    const endpoint = await deploy(ctx, { name: 'houses-ep', model: 'houses', version: 1 });
    expect(endpoint).toMatchObject({ name: 'houses-ep', model: 'houses', version: 1 });
    await expect(deleteVersion(ctx, 'houses', 1, 'owner')).rejects.toMatchObject({
      code: 'registry.version_in_use',
      message: expect.stringContaining('endpoint "houses-ep"'),
    });
    const dir = (await artifactDir(ctx, (await getModelVersion(ctx, 'houses-copy', 1)).id))!;
    const deleted = await deleteVersion(ctx, 'houses-copy', 1, 'owner');
    expect(deleted.freedBytes).toBeGreaterThan(0);
    await expect(fsAccess(dir)).rejects.toThrow();
    await expect(getModelVersion(ctx, 'houses-copy', 1)).rejects.toMatchObject({
      code: 'registry.version_not_found',
    });
  });
});
