import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import type { ModelSignature, ModelVersionView } from '../registry/registry.schemas.ts';
import { externalDatasetId, registerVersion } from '../registry/registry.service.ts';
import { ONNX_LAYOUT_FILE, ONNX_MODEL_FILE, type OnnxLayout } from './runtime/onnx-session.ts';
import type { OnnxSignature } from './runtime/runtime.types.ts';
import { servingErrors } from './serving.errors.ts';
import type { OnnxImportOptions } from './serving.schemas.ts';

/** The ONNX input's shape for one row and how rows are fed, from its declared dimensions. */
function layoutOf(
  signature: OnnxSignature,
  kind: OnnxImportOptions['kind'],
): { rowShape: number[]; layout: OnnxLayout } {
  if (signature.inputs.length !== 1 || signature.outputs.length < 1) {
    throw servingErrors.badOnnxModel(
      `it takes ${signature.inputs.length} inputs and gives ${signature.outputs.length} outputs; Qudao feeds one float32 tensor and reads the first output`,
    );
  }
  const input = signature.inputs[0]!;
  if (input.type !== 'float32') {
    throw servingErrors.badOnnxModel(`its input is ${input.type}; Qudao feeds float32`);
  }
  const dims = input.shape.slice(1);
  if (dims.some((d) => typeof d !== 'number' || d <= 0)) {
    throw servingErrors.badOnnxModel(
      `its input has a dimension of unknown size besides the batch ([${input.shape.join(', ')}]); export it with fixed sizes`,
    );
  }
  const d = dims as number[];
  const base = { input: input.name, output: signature.outputs[0]! };
  if (kind === 'tabular') {
    if (d.length !== 1) {
      throw servingErrors.badOnnxModel(
        `a tabular model takes [n, features]; this one takes [${input.shape.join(', ')}]`,
      );
    }
    return { rowShape: d, layout: { ...base, layout: 'flat' } };
  }
  if (d.length !== 3) {
    throw servingErrors.badOnnxModel(
      `an image model takes [n, channels, height, width] or [n, height, width, channels]; this one takes [${input.shape.join(', ')}]`,
    );
  }
  const channelsFirst = (d[0] === 1 || d[0] === 3) && d[2] !== 1 && d[2] !== 3;
  const [h, w, c] = channelsFirst ? [d[1]!, d[2]!, d[0]!] : [d[0]!, d[1]!, d[2]!];
  return { rowShape: [h, w, c], layout: { ...base, layout: channelsFirst ? 'nchw' : 'nhwc' } };
}

/**
 * Registers an ONNX model trained elsewhere as the next version of `name`. Before anything is
 * registered, onnxruntime loads it on a worker and runs one row (an operator it lacks is
 * `serving.model_unsupported`), and its output must fit the classes given. The version is then
 * deployed like any other; its files are model.onnx, onnx.json and preprocessing.json.
 */
export async function importOnnxModel(
  ctx: AppContext,
  name: string,
  bytes: unknown,
  options: OnnxImportOptions,
  actor: string,
): Promise<ModelVersionView> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw servingErrors.badOnnxModel(
      'the request carries no file (send the .onnx file as application/octet-stream)',
    );
  }
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) {
    throw servingErrors.badOnnxModel(
      `"${name}" is not a model name (lowercase letters, digits, . _ -)`,
    );
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const staging = await mkdtemp(path.join(ctx.paths.tmp, 'onnx-'));
  try {
    await writeFile(path.join(staging, ONNX_MODEL_FILE), bytes);
    const onnx = await ctx.runtime.inspectOnnx(path.join(staging, ONNX_MODEL_FILE), name);
    const { rowShape, layout } = layoutOf(onnx, options.kind);
    await writeFile(path.join(staging, ONNX_LAYOUT_FILE), JSON.stringify(layout));
    const classes = options.classes ?? [];
    const columns = options.columns ?? Array.from({ length: rowShape[0]! }, (_, i) => `x${i + 1}`);
    if (options.kind === 'tabular' && columns.length !== rowShape[0]) {
      throw servingErrors.badOnnxModel(
        `it takes ${rowShape[0]} features; ${columns.length} columns were named`,
      );
    }
    const image = {
      height: rowShape[0]!,
      width: rowShape[1]!,
      channels: rowShape[2]!,
      scale: options.scale,
      invertLightBackground: options.invert === 'true',
    };
    const preprocessing =
      options.kind === 'image'
        ? {
            kind: 'image',
            shape: rowShape,
            scale: options.scale,
            invertLightBackground: image.invertLightBackground,
          }
        : { kind: 'tabular', columns, mean: columns.map(() => 0), std: columns.map(() => 1) };
    await writeFile(path.join(staging, 'preprocessing.json'), JSON.stringify(preprocessing));
    const { units } = await ctx.runtime.check({
      key: `import:${hash}`,
      label: { model: name, version: 0 },
      dir: staging,
      format: 'onnx',
      rowShape,
    });
    const regression = options.kind === 'tabular' && classes.length === 0;
    if (options.kind === 'image' && classes.length === 0) {
      throw servingErrors.badOnnxModel(
        'an image model is a classifier: name its classes (classes=…)',
      );
    }
    const expected = regression ? 1 : classes.length;
    if (units !== expected && !(classes.length === 2 && units === 1)) {
      throw servingErrors.badOnnxModel(
        `it gives ${units} values a row; ${regression ? 'a regression gives 1' : `${classes.length} classes were named`}`,
      );
    }
    const signature: ModelSignature = {
      kind: options.kind,
      task: regression ? 'regression' : 'classification',
      inputShape: rowShape,
      classes,
      ...(options.kind === 'tabular' ? { columns } : { image }),
    };
    return await registerVersion(ctx, {
      model: name,
      template: 'onnx',
      datasetVersionId: externalDatasetId('onnx', 0, hash),
      jobId: null,
      config: { source: 'onnx', ...layout, sha256: hash },
      metrics: {},
      signature,
      artifactDir: staging,
      artifactHash: hash,
      backend: 'onnxruntime',
      actor,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
