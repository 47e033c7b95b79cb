import type { PlanView } from './plans.schemas.ts';

export interface PriceLine {
  kind: 'fee' | 'included' | 'tier' | 'overage' | 'input_tokens' | 'output_tokens';
  description: string;
  units: number;
  /** Per call, or per 1,000 units (plan unit). */
  unitPriceMinor: number;
  amountMinor: number;
}

type PricedPlan = Pick<
  PlanView,
  | 'unit'
  | 'monthlyFeeMinor'
  | 'includedUnits'
  | 'tierMode'
  | 'tiers'
  | 'quotaUnits'
  | 'overagePriceMinor'
>;

/** Half-up rounding of a non-negative rational to an integer (amounts are never negative). */
function divRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The price of `units` at `priceMinor` per call, or per 1,000 units rounded half-up to a minor unit. */
export function amountFor(plan: Pick<PlanView, 'unit'>, units: number, priceMinor: number): number {
  return plan.unit === 'call' ? units * priceMinor : divRoundHalfUp(units * priceMinor, 1000);
}

/**
 * Prices one period's units on a plan: the monthly fee covers `includedUnits`; billable units
 * (up to the quota) go through the tiers (graduated: each tier's units at its price; volume: all
 * units at the price of the tier reached); units beyond the quota are overage.
 */
export function priceUsage(plan: PricedPlan, units: number): PriceLine[] {
  const lines: PriceLine[] = [];
  if (plan.monthlyFeeMinor > 0) {
    lines.push({
      kind: 'fee',
      description: 'monthly fee',
      units: 1,
      unitPriceMinor: plan.monthlyFeeMinor,
      amountMinor: plan.monthlyFeeMinor,
    });
  }
  const capped = plan.quotaUnits === null ? units : Math.min(units, plan.quotaUnits);
  const included = Math.min(capped, plan.includedUnits);
  if (included > 0) {
    lines.push({
      kind: 'included',
      description: 'included units',
      units: included,
      unitPriceMinor: 0,
      amountMinor: 0,
    });
  }
  const billable = capped - included;
  if (billable > 0 && plan.tierMode === 'volume') {
    const tier =
      plan.tiers.find((t) => t.upTo === null || billable <= t.upTo) ?? plan.tiers.at(-1)!;
    lines.push({
      kind: 'tier',
      description: `volume tier up to ${tier.upTo ?? '∞'}`,
      units: billable,
      unitPriceMinor: tier.priceMinor,
      amountMinor: amountFor(plan, billable, tier.priceMinor),
    });
  } else if (billable > 0) {
    let from = 0;
    for (const tier of plan.tiers) {
      const to = tier.upTo === null ? billable : Math.min(billable, tier.upTo);
      if (to <= from) break;
      lines.push({
        kind: 'tier',
        description: `tier ${from + 1}–${tier.upTo ?? '∞'}`,
        units: to - from,
        unitPriceMinor: tier.priceMinor,
        amountMinor: amountFor(plan, to - from, tier.priceMinor),
      });
      from = to;
    }
  }
  const overage = plan.quotaUnits === null ? 0 : Math.max(0, units - plan.quotaUnits);
  if (overage > 0) {
    const price = plan.overagePriceMinor ?? 0;
    lines.push({
      kind: 'overage',
      description: 'overage beyond the quota',
      units: overage,
      unitPriceMinor: price,
      amountMinor: amountFor(plan, overage, price),
    });
  }
  return lines;
}

/**
 * A period's tokens on a plan that prices them: one line for input and one for output tokens,
 * each its total at the price per 1,000 rounded half-up once per line (never per call), so the
 * invoice equals the sum of exact per-call costs to within one minor unit a line.
 */
export function priceTokens(
  plan: Pick<PlanView, 'inputPricePer1kMinor' | 'outputPricePer1kMinor'>,
  tokens: { input: number; output: number },
): PriceLine[] {
  const lines: PriceLine[] = [];
  const add = (kind: 'input_tokens' | 'output_tokens', count: number, price: number | null) => {
    if (price === null || count === 0) return;
    lines.push({
      kind,
      description: kind === 'input_tokens' ? 'input tokens' : 'output tokens',
      units: count,
      unitPriceMinor: price,
      amountMinor: divRoundHalfUp(count * price, 1000),
    });
  };
  add('input_tokens', tokens.input, plan.inputPricePer1kMinor);
  add('output_tokens', tokens.output, plan.outputPricePer1kMinor);
  return lines;
}
