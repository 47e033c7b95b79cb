import type { Converter } from './exchange.ts';
import type { MoneyRow, MoneyTotal } from './reports.schemas.ts';

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number) => (whole > 0 ? round(part / whole) : null);

type Sums = Omit<MoneyTotal, 'currency' | 'marginShare' | 'partnerRevenueShare'>;

function total(currency: string, sums: Sums): MoneyTotal {
  return {
    currency,
    ...sums,
    marginShare: ratio(sums.marginMinor, sums.revenueMinor),
    partnerRevenueShare: ratio(sums.partnerRevenueMinor, sums.revenueMinor),
  };
}

/**
 * The period's money per currency, from the rows of one grouping (each invoice, statement and
 * compute cost is in exactly one row of it) and the partner revenue per currency.
 */
export function totalsByCurrency(rows: MoneyRow[], partnerRevenue: Map<string, number>) {
  const sums = new Map<string, Sums>();
  for (const r of rows) {
    const s = sums.get(r.currency) ?? {
      revenueMinor: 0,
      commissionMinor: 0,
      computeCostMinor: 0,
      marginMinor: 0,
      partnerRevenueMinor: partnerRevenue.get(r.currency) ?? 0,
    };
    s.revenueMinor += r.revenueMinor;
    s.commissionMinor += r.commissionMinor;
    s.computeCostMinor += r.computeCostMinor;
    s.marginMinor += r.marginMinor;
    sums.set(r.currency, s);
  }
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, s]) => total(c, s));
}

/**
 * All totals in the converter's currency, or null (with the currencies lacking a rate) when
 * any of them cannot be converted: a partial sum would pass for the whole.
 */
export function convertTotals(totals: MoneyTotal[], converter: Converter) {
  const missingRates = totals.map((t) => t.currency).filter((c) => converter.rateOf(c) === null);
  if (missingRates.length > 0) return { converted: null, missingRates };
  const sums: Sums = {
    revenueMinor: 0,
    commissionMinor: 0,
    computeCostMinor: 0,
    marginMinor: 0,
    partnerRevenueMinor: 0,
  };
  for (const t of totals) {
    for (const key of Object.keys(sums) as (keyof Sums)[]) {
      sums[key] += converter.convert(t[key], t.currency)!;
    }
  }
  const rates = totals
    .filter((t) => t.currency !== converter.currency)
    .map((t) => ({ from: t.currency, rate: converter.rateOf(t.currency)! }));
  return { converted: { ...total(converter.currency, sums), rates }, missingRates };
}

/** The one comparable total: the only currency, or the converted one; null when neither. */
export function comparableTotal(totals: MoneyTotal[], converted: MoneyTotal | null) {
  if (totals.length === 1) return totals[0]!;
  return converted;
}

/** Covered over target demand of the cells, comparable only within a currency or converted. */
export function demandCoverage(
  cells: { demandMinor: number; currency: string; covered: boolean }[],
  converter: Converter,
) {
  const byCurrency = new Map<string, { targetMinor: number; coveredMinor: number }>();
  for (const c of cells) {
    const d = byCurrency.get(c.currency) ?? { targetMinor: 0, coveredMinor: 0 };
    d.targetMinor += c.demandMinor;
    if (c.covered) d.coveredMinor += c.demandMinor;
    byCurrency.set(c.currency, d);
  }
  const demandByCurrency = [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, d]) => ({ currency, ...d }));
  let target = 0;
  let covered = 0;
  for (const d of demandByCurrency) {
    const t =
      demandByCurrency.length === 1 ? d.targetMinor : converter.convert(d.targetMinor, d.currency);
    const c =
      demandByCurrency.length === 1
        ? d.coveredMinor
        : converter.convert(d.coveredMinor, d.currency);
    if (t === null || c === null) return { coverage: null, demandByCurrency };
    target += t;
    covered += c;
  }
  return { coverage: ratio(covered, target), demandByCurrency };
}
