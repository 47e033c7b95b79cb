import type { ImagePreparation } from '@qudao/ml';

/** How a version's files are run: TensorFlow.js Layers (model.json) or ONNX (model.onnx). */
export type ModelFormat = 'tfjs' | 'onnx';

/** A version as the runtime loads it: enough to find, load and warm its files on a worker. */
export interface RuntimeModel {
  /** The model version's id: one loaded copy per worker, whatever endpoints serve it. */
  key: string;
  /** `<model>@<version>`, for metrics and messages. */
  label: { model: string; version: number };
  dir: string;
  format: ModelFormat;
  /** One input row's shape ([height, width, channels], [features] or [sequenceLength]). */
  rowShape: number[];
}

/** Rows of one request, prepared on the event loop (validated), or a PNG to decode on a worker. */
export type RuntimeInput =
  | { kind: 'tensor'; rows: number; data: Float32Array }
  | { kind: 'png'; bytes: Uint8Array; prep: ImagePreparation };

/** One request's outputs: `rows * units` values, row after row. */
export interface RuntimeOutput {
  rows: number;
  units: number;
  values: Float32Array;
  /** A PNG input's pixels as the model saw them (0..255), decoded on the worker. */
  pixels?: Uint8Array;
}

/** How one endpoint batches (rows, not requests). */
export interface BatchSettings {
  /** Most rows one batch holds; a request with more is split into batches of this size. */
  maxBatchRows: number;
  /** Longest a row waits for others to join its batch while a worker is free, in ms. */
  maxDelayMs: number;
  /** Most rows waiting; a call that would pass it answers 503 `serving.overloaded`. */
  maxQueueRows: number;
}

/** Why a batch was sent to a worker (a label of the dispatch counter). */
export type DispatchReason = 'full' | 'deadline' | 'idle';

// ---- Messages between the event loop and the inference workers (structured clone). ----

export type WorkerItem =
  | { kind: 'tensor'; rows: number; data: Float32Array }
  | { kind: 'png'; bytes: Uint8Array; prep: ImagePreparation };

/** A call to a worker, before the pool numbers it. */
export type WorkerCall =
  | { op: 'load'; model: RuntimeModel }
  | { op: 'unload'; key: string }
  | { op: 'run'; key: string; items: WorkerItem[] }
  | { op: 'inspect'; file: string };

/** An ONNX file's inputs and outputs as onnxruntime reads them (symbolic dims are strings). */
export interface OnnxSignature {
  inputs: { name: string; type: string; shape: (number | string)[] }[];
  outputs: string[];
}

export type WorkerRequest = WorkerCall & { id: number };

/** An error a worker reports: an ml refusal (`mlCode`) of one item, or a failure of the call. */
export interface WorkerError {
  message: string;
  mlCode?: string;
  /** `load_failed`, `unsupported`, `onnx_unavailable`, `not_loaded`, `run_failed`. */
  kind?: string;
}

export type ItemResult =
  | {
      ok: true;
      values: Float32Array;
      /** A PNG item's pixels as the model saw them (0..255), for the prediction log. */
      pixels?: Uint8Array;
    }
  | { ok: false; error: WorkerError };

export type WorkerReply =
  | { type: 'ready'; backend: string }
  | {
      type: 'reply';
      id: number;
      ok: true;
      loadMs?: number;
      units?: number;
      computeMs?: number;
      items?: ItemResult[];
      onnx?: OnnxSignature;
    }
  | { type: 'reply'; id: number; ok: false; error: WorkerError };
