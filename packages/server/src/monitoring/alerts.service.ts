import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { AlertTable } from '../db/schema.ts';
import { sortableId } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { AlertQuery, type AlertView } from './monitoring.schemas.ts';
import * as store from './monitoring.store.ts';

/** How long the webhook may take before the alert is marked failed. */
const WEBHOOK_TIMEOUT_MS = 5000;

export interface NewAlert {
  kind: string;
  endpointId?: string | null;
  endpoint?: string | null;
  version?: { id: string; model: string; version: number } | null;
  message: string;
  detail: object;
}

function view(row: Selectable<AlertTable>): AlertView {
  return {
    id: row.id,
    kind: row.kind,
    endpoint: row.endpoint,
    model: row.model,
    version: row.version,
    message: row.message,
    detail: JSON.parse(row.detail_json),
    at: row.at,
    webhook: { status: row.webhook_status, error: row.webhook_error },
  };
}

/** POSTs the alert as JSON to the webhook; the answer (or why there was none) is recorded. */
async function send(ctx: AppContext, alert: AlertView): Promise<void> {
  const url = ctx.config.monitoring.alertWebhook;
  if (!url) return;
  let status = 'sent';
  let error: string | null = null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'qudao-alerts' },
      body: JSON.stringify({ ...alert, webhook: undefined }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!res.ok) {
      status = 'failed';
      error = `the webhook answered ${res.status}`;
    }
  } catch (caught) {
    status = 'failed';
    error = (caught as Error).message;
  }
  await store.setWebhookStatus(ctx.db, alert.id, status, error);
}

/**
 * Records an alert, sends it to `QUDAO_ALERT_WEBHOOK` when one is set (waiting at most a few
 * seconds; a failure is recorded on the alert, never thrown), and tells the hooks (a drift
 * alert may start a retraining).
 */
export async function raiseAlert(ctx: AppContext, alert: NewAlert): Promise<AlertView> {
  const row: AlertTable = {
    id: sortableId('alr'),
    kind: alert.kind,
    endpoint_id: alert.endpointId ?? null,
    endpoint: alert.endpoint ?? null,
    model_version_id: alert.version?.id ?? null,
    model: alert.version?.model ?? null,
    version: alert.version?.version ?? null,
    message: alert.message,
    detail_json: JSON.stringify(alert.detail),
    at: ctx.clock.now().toISOString(),
    webhook_status: ctx.config.monitoring.alertWebhook ? 'pending' : 'none',
    webhook_error: null,
  };
  await store.insertAlert(ctx.db, row);
  await send(ctx, view(row));
  await ctx.monitoring.emit('alert', { id: row.id, kind: row.kind, endpoint: row.endpoint });
  return view((await store.findAlert(ctx.db, row.id))!);
}

/** Alerts, newest first. */
export async function listAlerts(ctx: AppContext, input: unknown): Promise<AlertView[]> {
  const query = parseInput(AlertQuery, input ?? {}, 'query');
  return (await store.listAlerts(ctx.db, query, query.limit)).map(view);
}

/** The newest alert of a kind on an endpoint's version since `since`, if any. */
export async function recentAlert(
  ctx: AppContext,
  kind: string,
  endpoint: string,
  versionId: string,
  since: string,
) {
  const rows = await store.listAlerts(ctx.db, { kind, endpoint, since }, 50);
  const row = rows.find((r) => r.model_version_id === versionId);
  return row ? view(row) : undefined;
}
