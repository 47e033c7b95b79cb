import type { AppContext } from '../context.ts';
import { getServableVersion } from '../registry/registry.service.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { monitoringErrors } from './monitoring.errors.ts';
import {
  FeedbackBodySchema,
  type FeedbackInput,
  type PredictionFeedbackView,
} from './monitoring.schemas.ts';
import { feedbackView, visiblePrediction } from './prediction-log.service.ts';
import * as store from './prediction-log.store.ts';

/**
 * Records the true answer of a logged prediction: a class label (the answer was right or
 * wrong) or a value (its absolute error). A customer labels its own predictions only; another
 * tenant's, or one not in the log, answers 404. Labelling again replaces the label.
 */
export async function giveFeedback(
  ctx: AppContext,
  predictionId: string,
  input: FeedbackInput,
  principal: Principal,
): Promise<PredictionFeedbackView> {
  const body = parseInput(FeedbackBodySchema, input, 'feedback');
  const row = await visiblePrediction(ctx, predictionId, principal);
  if (row.status !== 200 || !row.output_json) {
    throw monitoringErrors.badFeedback(
      `prediction ${predictionId} failed (${row.error_code}); there is no answer to label`,
    );
  }
  if (row.rows !== 1) {
    throw monitoringErrors.badFeedback(
      `prediction ${predictionId} answered ${row.rows} inputs; feedback labels one-input predictions (send each input in its own call)`,
    );
  }
  const output = JSON.parse(row.output_json) as { labels?: string[]; values?: number[] };
  const version = await getServableVersion(ctx, row.model_version_id);
  let correct: number | null = null;
  let absError: number | null = null;
  if (output.labels) {
    if (body.label === undefined) {
      throw monitoringErrors.badFeedback(
        'this model predicts classes: send {"label": "<true class>"}',
      );
    }
    if (version && !version.classes.includes(body.label)) {
      throw monitoringErrors.badLabel(body.label, version.classes);
    }
    correct = output.labels[0] === body.label ? 1 : 0;
  } else {
    if (body.value === undefined) {
      throw monitoringErrors.badFeedback(
        'this model predicts values: send {"value": <true value>}',
      );
    }
    absError = Math.abs((output.values?.[0] ?? 0) - body.value);
  }
  await store.upsertFeedback(ctx.db, {
    prediction_id: row.id,
    endpoint_id: row.endpoint_id,
    model_version_id: row.model_version_id,
    arm: row.arm,
    customer_id: row.customer_id,
    partner_id: row.partner_id,
    label: body.label ?? null,
    value: body.value ?? null,
    correct,
    abs_error: absError,
    actor: actorOf(principal),
    at: ctx.clock.now().toISOString(),
  });
  return feedbackView((await store.feedbackOf(ctx.db, [row.id]))[0]!);
}

/** A labelled input from the log: retraining material. */
export interface LabelledExample {
  predictionId: string;
  inputKind: string;
  /** 0..255 pixels (images), a row (tables) or a text. */
  input: Uint8Array | unknown;
  label: string | null;
  value: number | null;
}

/** The endpoint's labelled predictions whose input the log still holds, newest first. */
export async function labelledExamples(
  ctx: AppContext,
  endpointId: string,
  limit = 100_000,
): Promise<LabelledExample[]> {
  await ctx.monitoring.log.flush(false);
  return (await store.labelledInputs(ctx.db, endpointId, limit)).map((r) => ({
    predictionId: r.id,
    inputKind: r.input_kind,
    input:
      r.input_kind === 'image'
        ? new Uint8Array(Buffer.from(r.input!, 'base64'))
        : (JSON.parse(r.input!) as unknown[])[0],
    label: r.label,
    value: r.value,
  }));
}
