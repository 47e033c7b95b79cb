import type { Selectable } from 'kysely';
import type { DealTable } from '../db/schema.ts';
import type { DealView } from './deals.schemas.ts';

/** Whether an approved registration's protection has ended at `now` (ISO text). */
export function protectionExpired(
  row: Pick<Selectable<DealTable>, 'protected_until' | 'registration'>,
  now: string,
): boolean {
  return (
    row.registration === 'approved' && row.protected_until !== null && row.protected_until <= now
  );
}

/** The wire view of a deal; its protection state is read on the server's clock (`now`). */
export function dealView(row: Selectable<DealTable>, now: string): DealView {
  const protection =
    row.protected_until === null || row.registration !== 'approved'
      ? 'none'
      : protectionExpired(row, now)
        ? 'expired'
        : 'active';
  return {
    id: row.id,
    partnerId: row.partner_id,
    customerId: row.customer_id,
    company: row.company,
    source: row.source as DealView['source'],
    stage: row.stage as DealView['stage'],
    registration: row.registration as DealView['registration'],
    valueMinor: row.value_minor,
    currency: row.currency,
    conflictDealId: row.conflict_deal_id,
    createdAt: row.created_at,
    qualifiedAt: row.qualified_at,
    proposalAt: row.proposal_at,
    closedAt: row.closed_at,
    approvedAt: row.approved_at,
    protectedUntil: row.protected_until,
    protection,
    extension:
      row.extension_status && row.extension_days !== null
        ? {
            days: row.extension_days,
            reason: row.extension_reason ?? '',
            status: row.extension_status as NonNullable<DealView['extension']>['status'],
          }
        : null,
    overrideReason: row.override_reason,
  };
}
