import {
  applyPreprocessing,
  encodeRawInputs,
  type LoadedDataset,
  type Preprocessing,
  selectDatasetRows,
  tf,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { ModelVersionView } from '../registry/registry.schemas.ts';
import { artifactDir, type ServableVersion } from '../registry/registry.service.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import { servingErrors } from './serving.errors.ts';
import type { RowPredictionView } from './serving.schemas.ts';

/** Rows per forward pass when a whole dataset is scored. */
const BATCH = 256;

/**
 * Predicts with a tabular or text version after checking the inputs against its signature
 * (columns, finite numbers, texts): a mismatch is `serving.bad_input`, never a
 * wrong answer. Regression outputs come back in the target's own units.
 */
export async function predictWithVersion(
  ctx: AppContext,
  version: Pick<ModelVersionView, 'id' | 'model' | 'version' | 'classes' | 'signature'> &
    Partial<Pick<ServableVersion, 'artifactPath'>>,
  inputs: unknown[],
): Promise<RowPredictionView[]> {
  const dir = version.artifactPath ?? (await artifactDir(ctx, version.id))!;
  const preprocessing = await ctx.modelCache.preprocessing(version.id, dir);
  if (!preprocessing || preprocessing.kind === 'image') {
    throw servingErrors.badInput(
      'wrong_kind',
      `${version.model}@${version.version} is an image model; deploy it and send an image to its endpoint`,
    );
  }
  let encoded: ReturnType<typeof encodeRawInputs>;
  try {
    encoded = encodeRawInputs(preprocessing, inputs);
  } catch (error) {
    throw fromMlError(error);
  }
  const model = await ctx.modelCache.get(version.id, dir);
  const out = tf.tidy(() => model.predict(tf.tensor(encoded.x, encoded.shape)) as tf.Tensor);
  const values = Array.from(await out.data());
  const units = out.shape[1] ?? 1;
  out.dispose();
  const rows = Array.from({ length: inputs.length }, (_, i) =>
    values.slice(i * units, (i + 1) * units),
  );
  if (version.signature.task === 'regression') {
    const target = preprocessing.kind === 'tabular' ? preprocessing.target : undefined;
    return rows.map((r) => ({ value: target ? r[0]! * target.std + target.mean : r[0]! }));
  }
  return rows.map((r) => {
    const probs = units === 1 ? [1 - r[0]!, r[0]!] : r;
    const best = probs.indexOf(Math.max(...probs));
    return {
      label: version.classes[best] ?? String(best),
      probabilities: probs.map((probability, i) => ({
        label: version.classes[i] ?? String(i),
        probability,
      })),
    };
  });
}

/**
 * The top class probability of each of `rows` of a dataset under a classifier version, with the
 * version's own preprocessing (images without one: scaled to 0..1), in batches. `align` lets the
 * caller fit the dataset to the version's preprocessing first (e.g. reorder table columns).
 */
export async function topClassProbabilities(
  ctx: AppContext,
  version: Pick<ModelVersionView, 'id' | 'inputShape'>,
  dataset: LoadedDataset,
  rows: number[],
  align: (data: LoadedDataset, preprocessing: Preprocessing) => LoadedDataset = (data) => data,
): Promise<number[]> {
  const dir = (await artifactDir(ctx, version.id))!;
  const preprocessing =
    (await ctx.modelCache.preprocessing(version.id, dir)) ??
    ({ kind: 'image', shape: version.inputShape, scale: 1 / 255 } as Preprocessing);
  const model = await ctx.modelCache.get(version.id, dir);
  const top: number[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const subset = align(selectDatasetRows(dataset, batch), preprocessing);
    const prepared = applyPreprocessing(preprocessing, subset);
    const out = tf.tidy(
      () =>
        model.predict(
          tf.tensor(prepared.x, [prepared.n, ...prepared.spec.inputShape]),
        ) as tf.Tensor,
    );
    const values = await out.data();
    const units = out.shape[1] ?? 1;
    out.dispose();
    for (let i = 0; i < batch.length; i++) {
      let best = 0;
      if (units === 1) best = Math.max(values[i]!, 1 - values[i]!);
      else for (let k = 0; k < units; k++) best = Math.max(best, values[i * units + k]!);
      top.push(best);
    }
  }
  return top;
}
