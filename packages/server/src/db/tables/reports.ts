/** The reports domain's own table: the owner's exchange rates. */

/** An owner-set exchange rate: units of `to_currency` for one unit of `from_currency`. */
export interface ExchangeRateTable {
  from_currency: string;
  to_currency: string;
  rate: number;
  updated_at: string;
}
