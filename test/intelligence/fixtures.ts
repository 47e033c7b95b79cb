import { type AppContext, loadSplitDataset } from '@qudao/server';

/** The two endpoints the demo sells, as rows (the tests need no trained digits model). */
export async function insertStubEndpoints(ctx: AppContext) {
  for (const name of ['digits', 'digits-pro']) {
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: `ep_${name}`,
        name,
        model_version_id: 'mv',
        status: 'active',
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .execute();
  }
}

/** Every row of a version of the triage data set, as text and class name. */
export async function loadTriageRows(ctx: AppContext, version: number) {
  const { train } = await loadSplitDataset(ctx, 'intelligence-triage', version);
  if (train.kind !== 'text') throw new Error('the triage data set holds texts');
  return train.texts.map((text, i) => ({ text, label: train.classes[train.labels[i]!]! }));
}
