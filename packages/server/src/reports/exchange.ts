import { minorDigits } from '../shared/currency.ts';

export interface Rate {
  from: string;
  to: string;
  /** Units of `to` for one unit of `from` (major units). */
  rate: number;
}

/**
 * Converts minor units into one currency with the owner's rates only: a pair's own rate, or the
 * inverse of the opposite pair. Without either, `convert` answers null, and callers list that
 * currency apart instead of adding it in (there is no built-in or fetched rate).
 */
export class Converter {
  constructor(
    readonly currency: string,
    private readonly rates: readonly Rate[],
  ) {}

  rateOf(from: string): number | null {
    if (from === this.currency) return 1;
    const direct = this.rates.find((r) => r.from === from && r.to === this.currency);
    if (direct) return direct.rate;
    const inverse = this.rates.find((r) => r.from === this.currency && r.to === from);
    return inverse ? 1 / inverse.rate : null;
  }

  /** `amountMinor` of `from` in minor units of the converter's currency, rounded; null: no rate. */
  convert(amountMinor: number, from: string): number | null {
    if (from === this.currency) return amountMinor;
    const rate = this.rateOf(from);
    if (rate === null) return null;
    const scale = 10 ** (minorDigits(this.currency) - minorDigits(from));
    return Math.round(amountMinor * rate * scale);
  }
}
