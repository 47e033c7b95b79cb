import { assertPartnerRole } from '../auth/partner-users.service.ts';
import { getPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import { actorOf } from '../shared/actor.ts';
import { AppError } from '../shared/app-error.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { decryptDetails, encryptDetails } from './payout-crypto.ts';
import {
  type PayoutDetailsInput,
  PayoutDetailsInputSchema,
  type PayoutDetailsView,
} from './payouts.schemas.ts';
import * as store from './payouts.store.ts';

type Details = ReturnType<typeof PayoutDetailsInputSchema.parse>;

const notSet = (partnerId: string) =>
  new AppError(
    'billing.payout_details_not_found',
    404,
    `partner ${partnerId} has no payout details; set them with PUT /api/v1/partners/${partnerId}/payout-details`,
  );

/**
 * Stores a partner's payout details encrypted (AES-256-GCM, the workspace's key): the database
 * holds only the ciphertext and a masked account. The partner's manager or finance user, or
 * staff; every change is in the audit trail.
 */
export async function setPayoutDetails(
  ctx: AppContext,
  partnerId: string,
  input: PayoutDetailsInput,
  viewer: Principal = OWNER,
): Promise<PayoutDetailsView> {
  const data = parseInput(PayoutDetailsInputSchema, input, 'payout details');
  const partner = await getPartner(ctx, partnerId, viewer);
  await assertPartnerRole(ctx, viewer, ['manager', 'finance'], 'set payout details');
  const now = ctx.clock.now().toISOString();
  const sealed = await encryptDetails(ctx, partner.id, JSON.stringify(data));
  const masked = `••••${data.account.slice(-4)}`;
  const existing = await store.findDetails(ctx.db, partner.id);
  await inTransaction(ctx, async (tx) => {
    await store.putDetails(tx.db, {
      partner_id: partner.id,
      method: data.method,
      masked,
      ciphertext: sealed,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    await recordEvent(tx, {
      partnerId: partner.id,
      subjectType: 'payout_details',
      subjectId: partner.id,
      action: 'payout_details_set',
      actor: actorOf(viewer),
      details: { method: data.method, masked },
    });
  });
  return { partnerId: partner.id, method: data.method, masked, updatedAt: now };
}

export async function getPayoutDetails(
  ctx: AppContext,
  partnerId: string,
  viewer: Principal = OWNER,
): Promise<PayoutDetailsView> {
  const partner = await getPartner(ctx, partnerId, viewer);
  const row = await store.findDetails(ctx.db, partner.id);
  if (!row) throw notSet(partner.id);
  return {
    partnerId: row.partner_id,
    method: row.method as PayoutDetailsView['method'],
    masked: row.masked,
    updatedAt: row.updated_at,
  };
}

/** When each partner first gave payout details (a run pays only those that had them). */
export async function payoutDetailsSince(ctx: AppContext): Promise<Map<string, string>> {
  return new Map((await store.listDetails(ctx.db)).map((d) => [d.partner_id, d.created_at]));
}

/** Every partner's decrypted details, for the payout file only (staff). */
export async function payoutDetailsForCsv(ctx: AppContext): Promise<Map<string, Details>> {
  const out = new Map<string, Details>();
  for (const row of await store.listDetails(ctx.db)) {
    out.set(
      row.partner_id,
      JSON.parse(await decryptDetails(ctx, row.partner_id, row.ciphertext)) as Details,
    );
  }
  return out;
}
