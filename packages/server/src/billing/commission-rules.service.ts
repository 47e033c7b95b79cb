import { getPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import type { CommissionRuleTable } from '../db/schema.ts';
import { getProduct } from '../plans/plans.service.ts';
import { actorOf } from '../shared/actor.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { historyErrors } from '../shared/history-dates.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { billingErrors } from './billing.errors.ts';
import * as store from './billing.store.ts';
import {
  type CommissionRule,
  type CreateCommissionRuleInput,
  CreateCommissionRuleSchema,
  EndCommissionRuleSchema,
} from './commission-rules.schemas.ts';

type Row = Awaited<ReturnType<typeof store.listRules>>[number];
const iso = (at: string) => new Date(at).toISOString();

/** Whether [aFrom, aTo) and [bFrom, bTo) meet (null: unbounded). */
function overlaps(a: Pick<Row, 'effective_from' | 'effective_to'>, b: typeof a) {
  const startsBeforeEnd = (from: string | null, to: string | null) =>
    from === null || to === null || from < to;
  return (
    startsBeforeEnd(a.effective_from, b.effective_to) &&
    startsBeforeEnd(b.effective_from, a.effective_to)
  );
}

/** A rule may not start or end inside a closed period: it would change that period's statements. */
async function assertOpenDate(ctx: AppContext, field: string, at: string | null) {
  const latest = await ctx.periods.latest();
  if (latest && at !== null && at < latest.end) {
    throw historyErrors.inClosedPeriod(field, latest.start, latest.end);
  }
}

/**
 * Adds an effective-dated commission rule for a tier or one partner, optionally one product:
 * percent (a rate, or first-year and renewal rates) or flat; recurring (for at most `maxMonths`)
 * or one-time. It starts at the end of the last closed period by default, never inside one, and
 * may not overlap another rule of the same tier or partner and product.
 */
export async function createCommissionRule(
  ctx: AppContext,
  input: CreateCommissionRuleInput,
  viewer: Principal = OWNER,
): Promise<CommissionRule> {
  const data = parseInput(CreateCommissionRuleSchema, input, 'commission rule');
  if (!data.tier === !data.partnerId) throw billingErrors.ruleConflict();
  assertKnownCurrency(data.currency);
  if (data.partnerId) await getPartner(ctx, data.partnerId);
  if (data.productId) await getProduct(ctx, data.productId);
  let firstYear = data.firstYearBps;
  let renewal = data.renewalBps;
  if (data.basis === 'percent') {
    if (data.flatMinor !== undefined)
      throw billingErrors.badRule('a percent rule has no flatMinor');
    if (data.rateBps !== undefined) {
      if (firstYear !== undefined || renewal !== undefined) {
        throw billingErrors.badRule('give rateBps, or firstYearBps and renewalBps, not both');
      }
      firstYear = renewal = data.rateBps;
    }
    if (firstYear === undefined || renewal === undefined) {
      throw billingErrors.badRule('a percent rule needs rateBps, or firstYearBps and renewalBps');
    }
  } else if (
    data.flatMinor === undefined ||
    data.rateBps !== undefined ||
    firstYear !== undefined
  ) {
    throw billingErrors.badRule('a flat rule gives flatMinor and no rates');
  }
  if (data.recurrence === 'one_time' && data.maxMonths !== undefined) {
    throw billingErrors.badRule('a one-time rule has no maxMonths');
  }
  const latest = await ctx.periods.latest();
  const from = data.effectiveFrom ? iso(data.effectiveFrom) : (latest?.end ?? null);
  const to = data.effectiveTo ? iso(data.effectiveTo) : null;
  await assertOpenDate(ctx, 'effectiveFrom', data.effectiveFrom ? from : null);
  await assertOpenDate(ctx, 'effectiveTo', to);
  if (from !== null && to !== null && to <= from) {
    throw billingErrors.badRule('effectiveTo must be after effectiveFrom');
  }
  const row: CommissionRuleTable = {
    id: newId('rule'),
    tier: data.tier ?? null,
    partner_id: data.partnerId ?? null,
    product_id: data.productId ?? null,
    basis: data.basis,
    first_year_bps: firstYear ?? 0,
    renewal_bps: renewal ?? 0,
    flat_minor: data.flatMinor ?? 0,
    recurrence: data.recurrence,
    max_months: data.maxMonths ?? null,
    bounty_minor: data.bountyMinor,
    currency: data.currency,
    effective_from: from,
    effective_to: to,
    created_at: ctx.clock.now().toISOString(),
  };
  await inTransaction(ctx, async (tx) => {
    // Checked inside the write transaction: two overlapping rules cannot both get in.
    const clash = (await store.listRules(tx.db)).find(
      (r) =>
        r.tier === row.tier &&
        r.partner_id === row.partner_id &&
        r.product_id === row.product_id &&
        overlaps(r, row),
    );
    if (clash) {
      throw billingErrors.ruleOverlap(
        clash.id,
        clash.effective_from ?? 'always',
        clash.effective_to ?? 'open-ended',
      );
    }
    await store.insertRule(tx.db, row);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'commission_rule',
      subjectId: row.id,
      action: 'rule_created',
      actor: actorOf(viewer),
      details: ruleView(row),
    });
  });
  return ruleView(row);
}

/** Ends a rule at `effectiveTo` (not inside a closed period), e.g. to add its successor. */
export async function endCommissionRule(
  ctx: AppContext,
  id: string,
  input: { effectiveTo: string },
  viewer: Principal = OWNER,
): Promise<CommissionRule> {
  const data = parseInput(EndCommissionRuleSchema, input, 'rule end');
  const row = await store.findRule(ctx.db, id);
  if (!row) throw billingErrors.ruleNotFound(id);
  const to = iso(data.effectiveTo);
  await assertOpenDate(ctx, 'effectiveTo', to);
  if (row.effective_from !== null && to <= row.effective_from) {
    throw billingErrors.badRule('effectiveTo must be after effectiveFrom');
  }
  if (row.effective_to !== null && to > row.effective_to) {
    throw billingErrors.badRule('a rule can be ended earlier, not extended');
  }
  await inTransaction(ctx, async (tx) => {
    await store.endRule(tx.db, id, to);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'commission_rule',
      subjectId: id,
      action: 'rule_ended',
      actor: actorOf(viewer),
      details: { effectiveTo: to },
    });
  });
  return ruleView({ ...row, effective_to: to });
}

export async function listCommissionRules(ctx: AppContext): Promise<CommissionRule[]> {
  return (await store.listRules(ctx.db)).map(ruleView);
}

function ruleView(row: Row): CommissionRule {
  return {
    id: row.id,
    ...(row.tier ? { tier: row.tier as CommissionRule['tier'] } : {}),
    ...(row.partner_id ? { partnerId: row.partner_id } : {}),
    productId: row.product_id,
    basis: row.basis as CommissionRule['basis'],
    firstYearBps: row.first_year_bps,
    renewalBps: row.renewal_bps,
    flatMinor: row.flat_minor,
    recurrence: row.recurrence as CommissionRule['recurrence'],
    maxMonths: row.max_months,
    bountyMinor: row.bounty_minor,
    currency: row.currency,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
  };
}
