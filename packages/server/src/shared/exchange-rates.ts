import { minorDigits } from './currency.ts';

/**
 * The owner's exchange rates as the domains below reports see them: wholesale checks a
 * reseller's retail prices against the wholesale price in another currency, the programme
 * converts revenue for tier requirements. The `exchange_rates` table is reports', and reports
 * sits above those domains, so reports hands this directory to the context at start
 * (`ctx.rates`). There are no built-in or fetched rates: without the owner's, the answer is null.
 */
export interface ExchangeRates {
  /** Units of `to` for one unit of `from` (major units): the pair's rate or the inverse of the opposite pair; null when the owner set neither. */
  rateOf(from: string, to: string): Promise<number | null>;
}

/**
 * `amountMinor` of `from` in minor units of `to` at `rate` (unrounded: callers round or compare
 * as their rule says).
 */
export function convertMinorExact(amountMinor: number, rate: number, from: string, to: string) {
  return amountMinor * rate * 10 ** (minorDigits(to) - minorDigits(from));
}
