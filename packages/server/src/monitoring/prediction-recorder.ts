import { imageFromJson, imageFromPng, imagePreparationOf } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { PredictionLogTable } from '../db/schema.ts';
import type { ServableVersion } from '../registry/registry.service.ts';
import { isAppError } from '../shared/app-error.ts';
import type { Principal } from '../shared/principal.ts';

/** What a call sent, as serving read it. */
export type LoggedInput =
  | { kind: 'json'; image: unknown }
  | { kind: 'png'; bytes: Uint8Array }
  | { kind: 'inputs'; inputs: unknown[] };

type RowAnswer = { label: string } | { value: number };

/** What a version answered (the shape of serving's prediction). */
export interface LoggedAnswer {
  label?: string;
  value?: number;
  predictions?: RowAnswer[];
  probabilities?: { label: string; probability: number }[];
  latencyMs: number;
}

/** Which version a call ran on (serving's choice). */
export interface LoggedChoice {
  predictionId: string;
  arm: 'primary' | 'canary';
  version: ServableVersion;
  shadow: ServableVersion | null;
  caller: string;
}

export interface PredictionRecord {
  endpointId: string;
  endpoint: string;
  choice: LoggedChoice;
  principal: Principal;
  input: LoggedInput;
  /**
   * A PNG's pixels as the answering version's worker decoded them (0..255), so the log need not
   * decode the image again; its shadow, which may prepare images otherwise, still decodes.
   */
  pixels?: Uint8Array | null;
  answer?: LoggedAnswer;
  error?: unknown;
}

/** Shadow calls run at most this many at once; more are skipped (counted), never queued. */
const MAX_SHADOWS = 8;

/** The image as the model saw it, back on the 0..255 scale: what drift and retraining read. */
export function loggedPixels(input: LoggedInput, version: ServableVersion): Uint8Array | null {
  if (input.kind === 'inputs') return null;
  const prep = version.signature.image ?? imagePreparationOf(undefined, version.inputShape);
  const scaled =
    input.kind === 'json' ? imageFromJson(input.image, prep) : imageFromPng(input.bytes, prep);
  const out = new Uint8Array(scaled.length);
  for (let i = 0; i < scaled.length; i++) out[i] = Math.round(scaled[i]! / prep.scale);
  return out;
}

function inputColumns(input: LoggedInput, version: ServableVersion, decoded?: Uint8Array | null) {
  if (input.kind !== 'inputs') {
    const pixels = decoded ?? loggedPixels(input, version);
    return pixels
      ? { input_kind: 'image', input: Buffer.from(pixels).toString('base64') }
      : { input_kind: 'none', input: null };
  }
  return {
    input_kind: version.signature.kind === 'text' ? 'texts' : 'rows',
    input: JSON.stringify(input.inputs),
  };
}

/** Labels and top-class confidences, or values, one per input row. */
export function outputOf(answer: LoggedAnswer): {
  labels?: string[];
  confidence?: number[];
  values?: number[];
} {
  const rows: RowAnswer[] = answer.predictions ?? [
    answer.label !== undefined ? { label: answer.label } : { value: answer.value ?? 0 },
  ];
  if (rows.every((r) => 'value' in r))
    return { values: rows.map((r) => (r as { value: number }).value) };
  const confidence = (r: RowAnswer) => {
    const probabilities =
      (r as { probabilities?: { probability: number }[] }).probabilities ??
      answer.probabilities ??
      [];
    return probabilities.reduce((m, p) => Math.max(m, p.probability), 0);
  };
  return {
    labels: rows.map((r) => (r as { label: string }).label),
    confidence: rows.map(confidence),
  };
}

function sameAnswer(a: ReturnType<typeof outputOf>, b: ReturnType<typeof outputOf>): boolean {
  if (a.labels && b.labels) return a.labels.join('\0') === b.labels.join('\0');
  if (a.values && b.values) {
    return a.values.every((v, i) => Math.abs(v - b.values![i]!) <= 1e-6 * Math.max(1, Math.abs(v)));
  }
  return false;
}

interface RowParts {
  arm: string;
  version: ServableVersion;
  answer?: LoggedAnswer;
  error?: unknown;
  latencyMs: number;
  shadowOf: string | null;
  id: string;
  at: string;
  agreesWith?: ReturnType<typeof outputOf>;
}

function buildRow(record: PredictionRecord, parts: RowParts): PredictionLogTable {
  const { principal } = record;
  const customer = principal.kind === 'customer' ? principal : null;
  let input: ReturnType<typeof inputColumns> = { input_kind: 'none', input: null };
  try {
    const decoded = parts.version === record.choice.version ? record.pixels : null;
    input = inputColumns(record.input, parts.version, decoded);
  } catch {
    // An input the model refused has nothing to measure drift or retrain on.
  }
  const output = parts.answer ? outputOf(parts.answer) : null;
  return {
    id: parts.id,
    endpoint_id: record.endpointId,
    endpoint: record.endpoint,
    model_version_id: parts.version.id,
    model: parts.version.model,
    version: parts.version.version,
    arm: parts.arm,
    shadow_of: parts.shadowOf,
    caller: record.choice.caller,
    customer_id: customer?.customerId ?? null,
    partner_id: customer?.partnerId ?? null,
    at: parts.at,
    day: parts.at.slice(0, 10),
    latency_ms: parts.latencyMs,
    status: parts.error ? (isAppError(parts.error) ? parts.error.status : 500) : 200,
    error_code: parts.error
      ? isAppError(parts.error)
        ? parts.error.code
        : 'internal.error'
      : null,
    rows: record.input.kind === 'inputs' ? record.input.inputs.length : 1,
    ...input,
    output_json: output ? JSON.stringify(output) : null,
    agrees: parts.agreesWith && output ? (sameAnswer(parts.agreesWith, output) ? 1 : 0) : null,
  };
}

/**
 * Records one call in the prediction log, off the request path: the row is queued and written
 * with others a few milliseconds later. Canary calls are always logged (their numbers decide the
 * canary), primary calls at `QUDAO_PREDICTION_LOG_SAMPLE`. With a shadow chosen, the same input
 * runs on it afterwards (`runShadow`, at most a few at once) and its answer is logged beside this
 * one, compared, and never returned. Nothing here is billed: the call's one usage event is
 * metering's, whichever version answered.
 */
export function recordPrediction(
  ctx: AppContext,
  record: PredictionRecord,
  runShadow?: (version: ServableVersion) => Promise<LoggedAnswer>,
): void {
  const { choice } = record;
  const shadowing =
    choice.shadow !== null && record.answer !== undefined && runShadow !== undefined;
  const sampled =
    choice.arm === 'canary' || shadowing || Math.random() < ctx.config.monitoring.sample;
  if (!sampled) return;
  const at = ctx.clock.now().toISOString();
  const latencyMs = record.answer?.latencyMs ?? 0;
  ctx.monitoring.log.add(() =>
    buildRow(record, {
      arm: choice.arm,
      version: choice.version,
      answer: record.answer,
      error: record.error,
      latencyMs,
      shadowOf: null,
      id: choice.predictionId,
      at,
    }),
  );
  if (!shadowing) return;
  const state = ctx.monitoring.shadows;
  if (state.running >= MAX_SHADOWS) {
    state.skipped++;
    return;
  }
  state.running++;
  const shadow = choice.shadow!;
  const answered = outputOf(record.answer!);
  const work = (async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let answer: LoggedAnswer | undefined;
    let error: unknown;
    try {
      answer = await runShadow!(shadow);
    } catch (caught) {
      error = caught;
    }
    const parts = {
      arm: 'shadow',
      version: shadow,
      answer,
      error,
      latencyMs: answer?.latencyMs ?? performance.now() - started,
      shadowOf: choice.predictionId,
      id: `${choice.predictionId}.shadow`,
      at,
      agreesWith: answered,
    };
    ctx.monitoring.log.add(() => buildRow(record, parts));
  })().finally(() => state.running--);
  ctx.monitoring.track(work);
}
