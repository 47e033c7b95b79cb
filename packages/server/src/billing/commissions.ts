import type { CustomerView, PartnerView, TierChange } from '../channels/channels.service.ts';
import { tierAt } from '../channels/channels.service.ts';
import type { DealView } from '../deals/deals.schemas.ts';
import { formatMinor } from '../shared/currency.ts';
import type {
  CommissionLine,
  CommissionRule,
  InvoiceDraft,
  StatementDraft,
} from './billing.schemas.ts';
import { byText } from './invoices.ts';
import { creditEffects, type LedgerCredit, type LedgerStatement } from './ledger-lines.ts';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface CommissionInputs {
  start: string;
  end: string;
  invoices: InvoiceDraft[];
  customers: CustomerView[];
  partners: PartnerView[];
  tierHistory: Map<string, TierChange[]>;
  rules: CommissionRule[];
  deals: DealView[];
  /** `customerId|partnerId` of customers invoiced with that partner in an earlier closed period. */
  invoicedBefore: Set<string>;
  /** The closed statements before this period and every credit note (for clawbacks). */
  earlierStatements: LedgerStatement[];
  credits: LedgerCredit[];
  /** Credits from this instant (the end of the closed period before) to `end` claw back here. */
  clawbacksFrom: string | null;
}

function shareOf(amount: number, bps: number): number {
  return Math.floor((2 * amount * bps + 10_000) / 20_000);
}

/** The first instant of the month `months` after the month of `at` (UTC). */
function monthsAfter(at: string, months: number): string {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)).toISOString();
}

const inForce = (rule: CommissionRule, end: string) =>
  (rule.effectiveFrom === null || rule.effectiveFrom < end) &&
  (rule.effectiveTo === null || rule.effectiveTo >= end);

/** The rule for a product: the partner's for it, the partner's, the tier's for it, the tier's. */
function ruleFinder(rules: CommissionRule[], partnerId: string, tier: string) {
  const find = (match: (r: CommissionRule) => boolean) => rules.find(match);
  return (productId: string | null) =>
    (productId && find((r) => r.partnerId === partnerId && r.productId === productId)) ||
    find((r) => r.partnerId === partnerId && r.productId === null) ||
    (productId && find((r) => !r.partnerId && r.tier === tier && r.productId === productId)) ||
    find((r) => !r.partnerId && r.tier === tier && r.productId === null);
}

/**
 * A period's commission statements: for each referral partner, the rule in force at the period's
 * end for each product (partner rules override its tier's, product rules the general one) gives
 * a share of, or a flat amount for, each of its customers' invoices — recurring (for at most
 * `maxMonths` calendar months from the customer's attribution) or one-time (its first invoice
 * with the partner); a bounty per deal won in the period whose registration the owner approved
 * and whose protection had not expired; and a negative line per refund in the period of an
 * invoice whose commission was already approved or paid (clawback). Resellers earn no revenue
 * share (their margin is the retail price over the wholesale one), bounties alike.
 */
export function computeStatements(inputs: CommissionInputs): StatementDraft[] {
  const customers = new Map(inputs.customers.map((c) => [c.id, c]));
  const rules = inputs.rules.filter((r) => inForce(r, inputs.end));
  const statements = new Map<string, StatementDraft>();
  const add = (partnerId: string, currency: string, line: CommissionLine) => {
    const key = `${partnerId}|${currency}`;
    const s = statements.get(key) ?? { partnerId, currency, totalMinor: 0, lines: [] };
    s.lines.push(line);
    s.totalMinor += line.amountMinor;
    statements.set(key, s);
  };
  for (const partner of inputs.partners) {
    const tier = tierAt(inputs.tierHistory.get(partner.id), inputs.end, partner.tier);
    const ruleFor = ruleFinder(rules, partner.id, tier);
    const general = ruleFor(null);
    if (partner.model === 'referral') {
      for (const invoice of inputs.invoices.filter(
        (i) => i.partnerId === partner.id && i.issuer === 'qudao',
      )) {
        const customer = customers.get(invoice.customerId)!;
        const byRule = new Map<CommissionRule, number>();
        for (const line of invoice.lines) {
          const rule = ruleFor(line.productId);
          if (rule) byRule.set(rule, (byRule.get(rule) ?? 0) + line.amountMinor);
        }
        for (const [rule, basis] of byRule) {
          const line = revenueShare(rule, basis, invoice, customer, inputs);
          if (line) add(partner.id, rule.basis === 'flat' ? rule.currency : invoice.currency, line);
        }
      }
    }
    for (const deal of inputs.deals) {
      if (
        deal.partnerId !== partner.id ||
        deal.stage !== 'won' ||
        deal.registration !== 'approved' ||
        deal.closedAt === null ||
        deal.closedAt < inputs.start ||
        deal.closedAt >= inputs.end ||
        // A registration whose protection had expired when the deal was won earns nothing.
        (deal.protectedUntil !== null && deal.closedAt >= deal.protectedUntil) ||
        !general ||
        general.bountyMinor === 0
      ) {
        continue;
      }
      add(partner.id, general.currency, {
        kind: 'bounty',
        description: `bounty for the deal won with ${deal.company}`,
        customerId: deal.customerId,
        dealId: deal.id,
        term: null,
        basisMinor: 0,
        rateBps: null,
        amountMinor: general.bountyMinor,
        creditNoteId: null,
      });
    }
  }
  for (const e of creditEffects(inputs.earlierStatements, inputs.credits)) {
    const at = e.credit.createdAt;
    if (e.effect !== 'clawback' || at >= inputs.end) continue;
    if (inputs.clawbacksFrom !== null && at < inputs.clawbacksFrom) continue;
    const name = customers.get(e.credit.invoice.customerId)?.name ?? e.credit.invoice.customerId;
    add(e.statement.partnerId, e.statement.currency, {
      kind: 'clawback',
      description: `clawback: refund on ${name}'s invoice ${e.credit.invoiceId} (commission already ${e.line.rateBps === null ? 'earned' : `${e.line.rateBps / 100}%`})`,
      customerId: e.credit.invoice.customerId,
      dealId: null,
      term: e.line.term,
      basisMinor: e.credit.amountMinor,
      rateBps: e.line.rateBps,
      amountMinor: -e.amountMinor,
      creditNoteId: e.credit.id,
    });
  }
  return [...statements.values()].sort(
    (a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency),
  );
}

function revenueShare(
  rule: CommissionRule,
  basis: number,
  invoice: InvoiceDraft,
  customer: CustomerView,
  inputs: CommissionInputs,
): CommissionLine | null {
  const from = customer.attributedAt ?? customer.since;
  if (rule.recurrence === 'one_time') {
    if (basis <= 0 || inputs.invoicedBefore.has(`${customer.id}|${invoice.partnerId}`)) return null;
  } else if (rule.maxMonths !== null && inputs.start >= monthsAfter(from, rule.maxMonths)) {
    return null;
  }
  const firstYear = Date.parse(inputs.start) < Date.parse(customer.since) + YEAR_MS;
  const term = firstYear ? 'first_year' : 'renewal';
  const of = rule.productId
    ? `${customer.name}'s ${invoice.lines.find((l) => l.productId === rule.productId)?.product ?? rule.productId} lines`
    : `${customer.name}'s invoice`;
  const extra = [
    rule.recurrence === 'one_time' ? 'one-time' : null,
    rule.maxMonths !== null && rule.recurrence === 'recurring'
      ? `for ${rule.maxMonths} months from ${from.slice(0, 10)}`
      : null,
  ].filter(Boolean);
  const suffix = extra.length ? `, ${extra.join(', ')}` : '';
  if (rule.basis === 'flat') {
    if (basis <= 0) return null;
    return {
      kind: 'revenue_share',
      description: `${formatMinor(rule.flatMinor, rule.currency)} ${rule.currency} for ${of}${suffix}`,
      customerId: customer.id,
      dealId: null,
      term,
      basisMinor: basis,
      rateBps: null,
      amountMinor: rule.flatMinor,
      creditNoteId: null,
    };
  }
  const rate = firstYear ? rule.firstYearBps : rule.renewalBps;
  return {
    kind: 'revenue_share',
    description: `${rate / 100}% of ${of} (${firstYear ? 'first year' : 'renewal'}${suffix})`,
    customerId: customer.id,
    dealId: null,
    term,
    basisMinor: basis,
    rateBps: rate,
    amountMinor: shareOf(basis, rate),
    creditNoteId: null,
  };
}
