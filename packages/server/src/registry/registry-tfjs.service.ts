import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MODEL_JSON, WEIGHTS_BIN } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { registryErrors } from './registry.errors.ts';
import { getModelVersion } from './registry.service.ts';
import * as store from './registry.store.ts';

/**
 * One of a version's TensorFlow.js files as saved (model.json, whose manifest names
 * `./weights.bin`, or weights.bin), so `tf.loadLayersModel('…/tfjs/model.json')` loads it in a
 * browser. An unknown model or version answers the registry's not-found codes; a version saved
 * as ONNX `registry.no_tfjs_files`.
 */
export async function readTfjsFile(
  ctx: AppContext,
  name: string,
  version: number,
  file: typeof MODEL_JSON | typeof WEIGHTS_BIN,
): Promise<Buffer> {
  const v = await getModelVersion(ctx, name, version);
  const row = (await store.findVersionById(ctx.db, v.id))!;
  try {
    return await readFile(path.join(row.artifact_path, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw registryErrors.noTfjsFiles(`${v.model}@${v.version}`);
  }
}
