import { imageFromJson, imageFromPng, inferOnce, tf } from '@qudao/ml';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { EndpointTable } from '../db/schema.ts';
import {
  type AdmittedCall,
  admitCall,
  commitCall,
  meteringEnabled,
  releaseCall,
} from '../metering/calls.ts';
import { usageBy } from '../metering/metering.service.ts';
import {
  getModelVersion,
  getModelVersionById,
  getServableVersion,
} from '../registry/registry.service.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { servingErrors } from './serving.errors.ts';
import { type DeployInput, DeploySchema } from './serving.schemas.ts';
import * as store from './serving.store.ts';
import { predictWithVersion } from './version-predict.service.ts';

/** An image (JSON rows or PNG bytes), or rows/texts for tabular and text models. */
export type PredictInput =
  | { kind: 'json'; image: unknown }
  | { kind: 'png'; bytes: Uint8Array }
  | { kind: 'inputs'; inputs: unknown[] };

export interface EndpointView {
  name: string;
  model: string;
  version: number;
  status: 'active' | 'stopped';
  inputShape: number[];
  classes: string[];
  usage: { calls: number; avgLatencyMs: number | null; lastCallAt: string | null };
  createdAt: string;
}

/** Deploys a model version as a named endpoint; deploying to an existing name switches its version. */
export async function deploy(ctx: AppContext, input: DeployInput): Promise<EndpointView> {
  const request = parseInput(DeploySchema, input, 'deployment');
  const version = await getModelVersion(ctx, request.model, request.version);
  const existing = await store.findEndpointByName(ctx.db, request.name);
  const now = nowIso();
  if (existing) {
    await store.updateEndpoint(ctx.db, existing.id, {
      model_version_id: version.id,
      status: 'active',
      updated_at: now,
    });
  } else {
    await store.insertEndpoint(ctx.db, {
      id: newId('ep'),
      name: request.name,
      model_version_id: version.id,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
  }
  return getEndpoint(ctx, request.name);
}

export async function getEndpoint(ctx: AppContext, name: string): Promise<EndpointView> {
  const row = await store.findEndpointByName(ctx.db, name);
  if (!row) throw servingErrors.endpointNotFound(name);
  return (await toViews(ctx, [row]))[0]!;
}

export async function listEndpoints(ctx: AppContext): Promise<EndpointView[]> {
  return toViews(ctx, await store.listEndpoints(ctx.db));
}

/** The id of an endpoint by name (products refer to endpoints by id). */
export async function endpointIdOf(ctx: AppContext, name: string): Promise<string> {
  return ctx.endpoints.idOf(name);
}

export async function endpointNames(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  return ctx.endpoints.namesOf(ids);
}

export interface PredictOptions {
  /** The client's `Idempotency-Key` (checked by the route), or null. */
  idempotencyKey?: string | null;
  /** Fingerprint of the request, to refuse a reused key with a different body. */
  requestHash?: string;
  /** Receives the answer's headers: remaining quota and rate, `Idempotent-Replayed`. */
  onHeaders?: (headers: Record<string, string>) => void;
}

/**
 * Runs one prediction. A customer's call is admitted by metering first (key scope, rate limit,
 * quota, or the saved answer of a repeated `Idempotency-Key`), and its usage event is committed
 * before this returns, so the response is never sent for a call that was not recorded.
 */
export async function predict(
  ctx: AppContext,
  name: string,
  input: PredictInput,
  principal: Principal,
  options: PredictOptions = {},
) {
  const started = performance.now();
  const endpoint = await store.findEndpointByName(ctx.db, name);
  if (!endpoint) throw servingErrors.endpointNotFound(name);
  if (endpoint.status !== 'active') throw servingErrors.endpointStopped(name);
  const metered = principal.kind === 'customer' && meteringEnabled(ctx);
  let call: AdmittedCall | null = null;
  if (principal.kind === 'customer' && metered) {
    const admission = await admitCall(ctx, {
      principal,
      endpointId: endpoint.id,
      endpointName: name,
      idempotencyKey: options.idempotencyKey ?? null,
      requestHash: options.requestHash ?? '',
      // Units are rows: a 3-row {"inputs": [...]} call is 3 units (unless the plan bills per call).
      rows: input.kind === 'inputs' ? input.inputs.length : 1,
    });
    options.onHeaders?.(admission.headers);
    if (admission.kind === 'replay') return admission.body as PredictionView;
    call = admission.call;
  }
  let body: PredictionView;
  try {
    body = await runModel(ctx, endpoint, name, input, started, metered);
  } catch (error) {
    if (call) await releaseCall(ctx, call);
    throw error;
  }
  if (call) {
    const replay = await commitCall(ctx, call, { status: 200, body, latencyMs: body.latencyMs });
    if (replay) {
      options.onHeaders?.(replay.headers);
      return replay.body as PredictionView;
    }
  }
  return body;
}

export interface PredictionView {
  endpoint: string;
  model: string;
  version: number;
  /** The predicted class of the (first) input, for classifiers. */
  label?: string;
  probabilities?: { label: string; probability: number }[];
  /** The predicted value of the (first) input, for regression models. */
  value?: number;
  /** One prediction per input, for tabular and text models. */
  predictions?: unknown[];
  latencyMs: number;
  billed: boolean;
}

async function runModel(
  ctx: AppContext,
  endpoint: Selectable<EndpointTable>,
  name: string,
  input: PredictInput,
  started: number,
  billed: boolean,
): Promise<PredictionView> {
  const version = (await getServableVersion(ctx, endpoint.model_version_id))!;
  const kind = version.signature.kind ?? 'image';
  if (kind !== 'image' || input.kind === 'inputs') {
    if (input.kind !== 'inputs') {
      throw servingErrors.badInput(
        'input.wrong_kind',
        `endpoint "${name}" serves a ${kind} model: send {"inputs": [...]} (texts, or rows of ${version.signature.columns?.join(', ') ?? 'features'})`,
      );
    }
    if (kind === 'image') {
      throw servingErrors.badInput(
        'input.wrong_kind',
        `endpoint "${name}" serves an image model: send {"image": rows} or a PNG`,
      );
    }
    const predictions = await predictWithVersion(ctx, version, input.inputs);
    const first = predictions[0] as {
      label?: string;
      probabilities?: PredictionView['probabilities'];
      value?: number;
    };
    return {
      endpoint: name,
      model: version.model,
      version: version.version,
      ...(first.label === undefined
        ? { value: first.value }
        : { label: first.label, probabilities: first.probabilities }),
      predictions,
      latencyMs: performance.now() - started,
      billed,
    };
  }
  const [height, width] = version.inputShape as [number, number, number];
  let pixels: Float32Array;
  try {
    pixels =
      input.kind === 'json'
        ? imageFromJson(input.image, height, width)
        : imageFromPng(input.bytes, height, width);
  } catch (error) {
    throw fromMlError(error);
  }
  const model = await ctx.modelCache.get(version.id, version.artifactPath);
  const probs = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [1, height, width, 1]);
    return inferOnce(model, x);
  });
  const values = Array.from(await probs.data());
  probs.dispose();
  const ranked = values
    .map((probability, i) => ({ label: version.classes[i] ?? String(i), probability }))
    .sort((a, b) => b.probability - a.probability);
  return {
    endpoint: name,
    model: version.model,
    version: version.version,
    label: ranked[0]!.label,
    probabilities: values.map((probability, i) => ({
      label: version.classes[i] ?? String(i),
      probability,
    })),
    latencyMs: performance.now() - started,
    billed,
  };
}

async function toViews(
  ctx: AppContext,
  rows: Selectable<EndpointTable>[],
): Promise<EndpointView[]> {
  const usage = new Map(
    (await usageBy(ctx, 'endpoint', async () => new Map())).map((u) => [u.id, u]),
  );
  const views: EndpointView[] = [];
  for (const row of rows) {
    const version = await getModelVersionById(ctx, row.model_version_id);
    const u = usage.get(row.id);
    views.push({
      name: row.name,
      model: version?.model ?? '(deleted)',
      version: version?.version ?? 0,
      status: row.status as EndpointView['status'],
      inputShape: version?.inputShape ?? [],
      classes: version?.classes ?? [],
      usage: {
        calls: u?.calls ?? 0,
        avgLatencyMs: u?.avgLatencyMs ?? null,
        lastCallAt: u?.lastCallAt ?? null,
      },
      createdAt: row.created_at,
    });
  }
  return views;
}
