import {
  type ImagePreparation,
  imageFromJson,
  imageFromPng,
  imagePreparationOf,
  inferOnce,
  tf,
} from '@qudao/ml';
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
import { recordPrediction } from '../monitoring/prediction-recorder.ts';
import {
  getModelVersion,
  getModelVersionById,
  type ServableVersion,
} from '../registry/registry.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { servingErrors } from './serving.errors.ts';
import {
  type DeployInput,
  DeploySchema,
  type EndpointView,
  type PredictionView,
  type RowPredictionView,
} from './serving.schemas.ts';
import * as store from './serving.store.ts';
import { chooseVersion } from './traffic-route.ts';
import { NO_CANARY, NO_SHADOW, recordEndpointEvent, trafficView } from './traffic-view.ts';
import { predictWithVersion } from './version-predict.service.ts';

/** An image (JSON rows or PNG bytes), or rows/texts for tabular and text models. */
export type PredictInput =
  | { kind: 'json'; image: unknown }
  | { kind: 'png'; bytes: Uint8Array }
  | { kind: 'inputs'; inputs: unknown[] };

/**
 * Deploys a model version, or a registry alias of a model, as a named endpoint; deploying to an
 * existing name switches what it serves and ends its canary and shadow.
 */
export async function deploy(
  ctx: AppContext,
  input: DeployInput,
  actor = 'owner',
): Promise<EndpointView> {
  const request = parseInput(DeploySchema, input, 'deployment');
  const version = request.alias
    ? await resolveModelRef(ctx, `${request.model}@${request.alias}`)
    : await getModelVersion(ctx, request.model, request.version!);
  const existing = await store.findEndpointByName(ctx.db, request.name);
  const now = nowIso();
  const serves = {
    model_version_id: version.id,
    model_name: request.alias ? request.model : null,
    alias: request.alias ?? null,
    ...NO_CANARY,
    ...NO_SHADOW,
  };
  const id = existing?.id ?? newId('ep');
  if (existing) {
    await store.updateEndpoint(ctx.db, id, { ...serves, status: 'active', updated_at: now });
  } else {
    await store.insertEndpoint(ctx.db, {
      id,
      name: request.name,
      ...serves,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
  }
  await recordEndpointEvent(
    ctx,
    id,
    'deploy',
    { model: request.model, version: version.version, alias: request.alias ?? null },
    actor,
  );
  return getEndpoint(ctx, request.name);
}

/**
 * Stops or starts an endpoint. A stopped endpoint keeps its name, version and usage; its
 * predictions are refused before metering, so they bill nothing. Deploying to it starts it.
 */
export async function setEndpointStatus(
  ctx: AppContext,
  name: string,
  status: EndpointView['status'],
  actor = 'owner',
): Promise<EndpointView> {
  const row = await store.findEndpointByName(ctx.db, name);
  if (!row) throw servingErrors.endpointNotFound(name);
  if (row.status !== status) {
    await store.updateEndpoint(ctx.db, row.id, { status, updated_at: nowIso() });
    await recordEndpointEvent(ctx, row.id, status === 'active' ? 'start' : 'stop', {}, actor);
  }
  return getEndpoint(ctx, name);
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

/** Predicts with a version by `<model>@<version|alias>`: no endpoint, no metering. */
export async function predictRef(
  ctx: AppContext,
  ref: string,
  inputs: unknown[],
): Promise<{ predictions: RowPredictionView[] }> {
  return { predictions: await predictWithVersion(ctx, await resolveModelRef(ctx, ref), inputs) };
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
): Promise<PredictionView> {
  const started = performance.now();
  const endpoint = await store.findEndpointByName(ctx.db, name);
  if (!endpoint) throw servingErrors.endpointNotFound(name);
  if (endpoint.status !== 'active') throw servingErrors.endpointStopped(name);
  const choice = await chooseVersion(ctx, endpoint, principal);
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
    body = await runModel(ctx, choice.version, name, input, started, metered);
    body.predictionId = choice.predictionId;
  } catch (error) {
    if (call) await releaseCall(ctx, call);
    recordPrediction(ctx, {
      endpointId: endpoint.id,
      endpoint: name,
      choice,
      principal,
      input,
      error,
    });
    throw error;
  }
  // Logged (sampled, off the request path) and shadowed after the answer; never delays it.
  recordPrediction(
    ctx,
    { endpointId: endpoint.id, endpoint: name, choice, principal, input, answer: body },
    (shadow) => runModel(ctx, shadow, name, input, performance.now(), false),
  );
  if (call) {
    const replay = await commitCall(ctx, call, { status: 200, body, latencyMs: body.latencyMs });
    if (replay) {
      options.onHeaders?.(replay.headers);
      return replay.body as PredictionView;
    }
  }
  return body;
}

async function runModel(
  ctx: AppContext,
  version: ServableVersion,
  name: string,
  input: PredictInput,
  started: number,
  billed: boolean,
): Promise<PredictionView> {
  const kind = version.signature.kind ?? 'image';
  if (kind !== 'image' || input.kind === 'inputs') {
    if (input.kind !== 'inputs') {
      throw servingErrors.badInput(
        'wrong_kind',
        `endpoint "${name}" serves a ${kind} model: send {"inputs": [...]} (texts, or rows of ${version.signature.columns?.join(', ') ?? 'features'})`,
      );
    }
    if (kind === 'image') {
      throw servingErrors.badInput(
        'wrong_kind',
        `endpoint "${name}" serves an image model: send {"image": rows} or a PNG`,
      );
    }
    const predictions = await predictWithVersion(ctx, version, input.inputs);
    const first = predictions[0]!;
    return {
      predictionId: '',
      endpoint: name,
      model: version.model,
      version: version.version,
      ...('label' in first
        ? { label: first.label, probabilities: first.probabilities }
        : { value: first.value }),
      predictions,
      latencyMs: performance.now() - started,
      billed,
    };
  }
  const prep = await imagePreparationFor(ctx, version);
  let pixels: Float32Array;
  try {
    pixels =
      input.kind === 'json' ? imageFromJson(input.image, prep) : imageFromPng(input.bytes, prep);
  } catch (error) {
    throw fromMlError(error);
  }
  const model = await ctx.modelCache.get(version.id, version.artifactPath);
  const probs = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [1, prep.height, prep.width, prep.channels]);
    return inferOnce(model, x);
  });
  const values = Array.from(await probs.data());
  probs.dispose();
  const ranked = values
    .map((probability, i) => ({ label: version.classes[i] ?? String(i), probability }))
    .sort((a, b) => b.probability - a.probability);
  return {
    predictionId: '',
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

/** The version's recorded image preparation, or for older versions the one of its files. */
async function imagePreparationFor(
  ctx: AppContext,
  version: ServableVersion,
): Promise<ImagePreparation> {
  if (version.signature.image) return version.signature.image;
  const saved = await ctx.modelCache.preprocessing(version.id, version.artifactPath);
  return imagePreparationOf(saved?.kind === 'image' ? saved : undefined, version.inputShape);
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
    const { primary, traffic } = await trafficView(ctx, row);
    const version = primary ? await getModelVersionById(ctx, primary.id) : undefined;
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
      traffic,
    });
  }
  return views;
}
