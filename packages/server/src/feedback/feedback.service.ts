import type { Selectable } from 'kysely';
import { getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { FeedbackTable } from '../db/schema.ts';
import { recordedDate } from '../shared/history-dates.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, tenantFilter } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { feedbackErrors } from './feedback.errors.ts';
import {
  type CreateFeedbackInput,
  CreateFeedbackSchema,
  type FeedbackView,
  ResolveSchema,
} from './feedback.schemas.ts';
import * as store from './feedback.store.ts';

/** CSAT (1-5), NPS (0-10) or a complaint (open until resolved). */
export async function createFeedback(
  ctx: AppContext,
  input: CreateFeedbackInput,
  viewer: Principal = OWNER,
): Promise<FeedbackView> {
  const data = parseInput(CreateFeedbackSchema, input, 'feedback');
  // A customer's own id by default; anyone else's id answers 404 through getCustomer.
  const customerId = data.customerId ?? (viewer.kind === 'customer' ? viewer.customerId : null);
  if (!customerId) throw feedbackErrors.customerRequired();
  const customer = await getCustomer(ctx, customerId, viewer);
  // A score is the customer's own word: a partner may report a complaint for its customer, but
  // not say how satisfied the customer is (its KPIs and tier depend on it).
  if (data.kind !== 'complaint' && viewer.kind === 'partner') {
    throw feedbackErrors.scoreByCustomerOnly();
  }
  const createdAt = await recordedDate(ctx, viewer, 'createdAt', data.createdAt, {
    closed: 'instant',
  });
  const row: FeedbackTable = {
    id: newId('fb'),
    customer_id: customer.id,
    partner_id: customer.partnerId,
    kind: data.kind,
    score: 'score' in data ? data.score : null,
    text: data.text ?? null,
    status: data.kind === 'complaint' ? 'open' : 'recorded',
    created_at: createdAt,
    resolved_at: null,
  };
  await store.insertFeedback(ctx.db, row);
  return view(row);
}

export async function listFeedback(
  ctx: AppContext,
  viewer: Principal = OWNER,
): Promise<FeedbackView[]> {
  return (await store.listFeedback(ctx.db, tenantFilter(viewer))).map(view);
}

export async function resolveComplaint(
  ctx: AppContext,
  id: string,
  input: { at?: string },
  viewer: Principal = OWNER,
): Promise<FeedbackView> {
  const data = parseInput(ResolveSchema, input, 'resolution');
  const row = await store.findFeedback(ctx.db, id);
  if (!row || !canSeeCustomer(viewer, { id: row.customer_id, partnerId: row.partner_id })) {
    throw feedbackErrors.notFound(id);
  }
  if (row.kind !== 'complaint' || row.status !== 'open') throw feedbackErrors.notComplaint();
  // Resolution hours are a KPI: the clock's for partners; staff may date it, after the opening.
  const at = await recordedDate(ctx, viewer, 'at', data.at, {
    closed: 'instant',
    notBefore: [{ at: row.created_at, what: 'the complaint was opened' }],
  });
  await store.resolveFeedback(ctx.db, id, at);
  return view({ ...row, status: 'resolved', resolved_at: at });
}

function view(row: Selectable<FeedbackTable>): FeedbackView {
  return {
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    kind: row.kind as FeedbackView['kind'],
    score: row.score,
    text: row.text,
    status: row.status as FeedbackView['status'],
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}
