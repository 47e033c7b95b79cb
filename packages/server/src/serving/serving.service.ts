import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import { readCacheOf } from '../db/database.ts';
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
  getServableVersion,
} from '../registry/registry.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { isAppError } from '../shared/app-error.ts';
import { newId, nowIso } from '../shared/ids.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { executePrediction, type PredictInput, rowsOf } from './predict-execution.ts';
import { batchSettingsOf, runtimeModelOf } from './runtime/runtime-model.ts';
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
import { warmVersion } from './warm-version.ts';

export type { PredictInput } from './predict-execution.ts';

/**
 * Deploys a model version, or a registry alias of a model, as a named endpoint; deploying to an
 * existing name switches what it serves and ends its canary and shadow.
 */
/** Whether a new endpoint's name is already sold as something else (a model through providers). */
async function nameSoldElsewhere(ctx: AppContext, name: string): Promise<boolean> {
  try {
    await ctx.endpoints.sellableIdOf(name);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'serving.endpoint_not_found') return false;
    throw error;
  }
}

export async function deploy(
  ctx: AppContext,
  input: DeployInput,
  actor = 'owner',
): Promise<EndpointView> {
  const request = parseInput(DeploySchema, input, 'deployment');
  const version = request.alias
    ? await resolveModelRef(ctx, `${request.model}@${request.alias}`)
    : await getModelVersion(ctx, request.model, request.version!);
  // Loaded and warmed on every worker before traffic moves to it: a version that cannot load
  // fails the deploy, and the endpoint keeps serving what it served.
  const servable = (await getServableVersion(ctx, version.id))!;
  await warmVersion(ctx, servable);
  const existing = await store.findEndpointByName(ctx.db, request.name);
  if (!existing && (await nameSoldElsewhere(ctx, request.name))) {
    throw servingErrors.nameTaken(request.name);
  }
  const now = nowIso();
  const serves = {
    model_version_id: version.id,
    model_name: request.alias ? request.model : null,
    alias: request.alias ?? null,
    ...NO_CANARY,
    ...NO_SHADOW,
  };
  const batching = {
    ...(request.batching?.maxBatchRows !== undefined && {
      batch_max_rows: request.batching.maxBatchRows,
    }),
    ...(request.batching?.maxDelayMs !== undefined && {
      batch_max_delay_ms: request.batching.maxDelayMs,
    }),
    ...(request.batching?.maxQueueRows !== undefined && {
      queue_max_rows: request.batching.maxQueueRows,
    }),
  };
  const id = existing?.id ?? newId('ep');
  if (existing) {
    await store.updateEndpoint(ctx.db, id, {
      ...serves,
      status: 'active',
      updated_at: now,
      ...batching,
    });
  } else {
    await store.insertEndpoint(ctx.db, {
      id,
      name: request.name,
      ...serves,
      status: 'active',
      created_at: now,
      updated_at: now,
      batch_max_rows: null,
      batch_max_delay_ms: null,
      queue_max_rows: null,
      ...batching,
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
  try {
    const body = await predictOnce(ctx, name, input, principal, options, started);
    ctx.servingMetrics.answered(name, body.model, body.version, performance.now() - started);
    return body;
  } catch (error) {
    ctx.servingMetrics.failed(name, isAppError(error) ? error.code : 'internal');
    throw error;
  }
}

async function predictOnce(
  ctx: AppContext,
  name: string,
  input: PredictInput,
  principal: Principal,
  options: PredictOptions,
  started: number,
): Promise<PredictionView> {
  const endpoint = await endpointNamed(ctx, name);
  if (!endpoint) throw servingErrors.endpointNotFound(name);
  if (endpoint.status !== 'active') throw servingErrors.endpointStopped(name);
  // The version comes from the traffic router (alias, canary split), not the cached pin.
  const choice = await chooseVersion(ctx, endpoint, principal);
  if (choice.version.signature.kind === 'language-model') {
    throw servingErrors.badInput(
      'wrong_kind',
      `endpoint "${name}" serves a language model: call it at /v1/completions or /v1/chat/completions with "model": "${name}"`,
    );
  }
  const target = { endpoint: name, settings: batchSettingsOf(ctx.config, endpoint) };
  const rows = rowsOf(input);
  // A full queue (or a draining server) refuses before metering: nothing taken from the
  // caller's rate limit or quota, nothing billed.
  ctx.runtime.admit(name, runtimeModelOf(choice.version), rows, target.settings);
  const metered = principal.kind === 'customer' && meteringEnabled(ctx);
  let call: AdmittedCall | null = null;
  if (principal.kind === 'customer' && metered) {
    let admission: Awaited<ReturnType<typeof admitCall>>;
    try {
      admission = await admitCall(ctx, {
        principal,
        endpointId: endpoint.id,
        endpointName: name,
        idempotencyKey: options.idempotencyKey ?? null,
        requestHash: options.requestHash ?? '',
        // Units are rows: a 3-row {"inputs": [...]} call is 3 units (unless the plan bills per call).
        rows,
      });
    } catch (error) {
      const code = isAppError(error) ? error.code : 'internal';
      ctx.metrics.meteringAdmissions.inc({ endpoint: name, outcome: 'refused', code });
      throw error;
    }
    ctx.metrics.meteringAdmissions.inc({ endpoint: name, outcome: 'admitted', code: '' });
    options.onHeaders?.(admission.headers);
    if (admission.kind === 'replay') return admission.body as PredictionView;
    call = admission.call;
  }
  let body: PredictionView;
  let pixels: Uint8Array | null;
  try {
    const run = await executePrediction(ctx, target, choice.version, input, started, metered);
    body = { ...run.answer, predictionId: choice.predictionId };
    // The log keeps the pixels the worker decoded: the event loop does not decode the PNG again.
    pixels = run.pixels;
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
    { endpointId: endpoint.id, endpoint: name, choice, principal, input, pixels, answer: body },
    // The shadow runs on the same runtime (its own batch queue: it is another version), unbilled.
    async (shadow) =>
      (await executePrediction(ctx, target, shadow, input, performance.now(), false)).answer,
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

/**
 * The endpoint's row, as every call needs it: kept until an endpoint is written by this process
 * or any commit by another (db/read-cache.ts), so a deploy, stop, start or canary change is seen
 * by the next call.
 */
function endpointNamed(ctx: AppContext, name: string) {
  return readCacheOf<Selectable<EndpointTable> | null>(ctx.db, 'serving.endpoint').get(
    name,
    async () => (await store.findEndpointByName(ctx.db, name)) ?? null,
  );
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
      batching: batchSettingsOf(ctx.config, row),
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
