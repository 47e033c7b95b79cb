import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Selectable } from 'kysely';
import type { Config } from '../../config.ts';
import type { EndpointTable } from '../../db/schema.ts';
import { ONNX_MODEL_FILE } from './onnx-session.ts';
import type { BatchSettings, ModelFormat, RuntimeModel } from './runtime.types.ts';

/** Formats by artifact folder: versions are immutable, so a folder is looked at once. */
const formats = new Map<string, ModelFormat>();

function formatOf(dir: string): ModelFormat {
  let format = formats.get(dir);
  if (!format) {
    format = existsSync(path.join(dir, ONNX_MODEL_FILE)) ? 'onnx' : 'tfjs';
    formats.set(dir, format);
  }
  return format;
}

/** A registry version as the runtime loads it. */
export function runtimeModelOf(version: {
  id: string;
  model: string;
  version: number;
  inputShape: number[];
  artifactPath: string;
}): RuntimeModel {
  return {
    key: version.id,
    label: { model: version.model, version: version.version },
    dir: version.artifactPath,
    format: formatOf(version.artifactPath),
    rowShape: version.inputShape,
  };
}

/** An endpoint's batching: its own settings where set, else the server's defaults. */
export function batchSettingsOf(
  config: Config,
  endpoint?: Pick<
    Selectable<EndpointTable>,
    'batch_max_rows' | 'batch_max_delay_ms' | 'queue_max_rows'
  >,
): BatchSettings {
  return {
    maxBatchRows: endpoint?.batch_max_rows ?? config.batching.maxBatchRows,
    maxDelayMs: endpoint?.batch_max_delay_ms ?? config.batching.maxDelayMs,
    maxQueueRows: endpoint?.queue_max_rows ?? config.batching.maxQueueRows,
  };
}
