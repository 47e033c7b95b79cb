import type { AppContext } from '../context.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import {
  PartnerEventQuery,
  type PartnerEventQueryInput,
  type PartnerEventView,
} from './referrals.schemas.ts';
import * as store from './referrals.store.ts';

export interface PartnerEventInput {
  /** The partner it concerns (null: an application before there is a partner). */
  partnerId: string | null;
  subjectType: string;
  subjectId: string;
  action: string;
  actor: string;
  details?: Record<string, unknown>;
  /** Default: the clock. */
  at?: string;
}

/**
 * Writes one entry of the programme's audit trail: every state change of an application,
 * invitation, registration, tier, payout or rule is one row, never updated. The partner reads
 * its own entries as its event feed (reminders, expiries, reviews).
 */
export async function recordEvent(ctx: AppContext, event: PartnerEventInput): Promise<void> {
  await store.insertEvent(ctx.db, {
    id: newId('pev'),
    at: event.at ?? ctx.clock.now().toISOString(),
    partner_id: event.partnerId,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    action: event.action,
    actor: event.actor,
    details_json: JSON.stringify(event.details ?? {}),
  });
}

/** Events the viewer may see: staff all (filtered as asked), a partner only its own. */
export async function listEvents(
  ctx: AppContext,
  query: PartnerEventQueryInput = {},
  viewer: Principal = OWNER,
): Promise<PartnerEventView[]> {
  const q = parseInput(PartnerEventQuery, query, 'event query');
  if (viewer.kind === 'customer') return [];
  const partnerId = viewer.kind === 'partner' ? viewer.partnerId : q.partnerId;
  const rows = await store.listEvents(ctx.db, {
    ...(partnerId ? { partnerId } : {}),
    ...(q.subjectId ? { subjectId: q.subjectId } : {}),
    limit: q.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    partnerId: r.partner_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    action: r.action,
    actor: r.actor,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
  }));
}
