import type { Db } from '../db/database.ts';
import type { ExchangeRates } from '../shared/exchange-rates.ts';
import { Converter } from './exchange.ts';
import * as store from './reports.store.ts';

/** Reports' owner-set rates for the domains below it (`ctx.rates`, shared/exchange-rates.ts). */
export function exchangeRateDirectory(db: Db): ExchangeRates {
  return {
    rateOf: async (from, to) => {
      const rates = (await store.listRates(db)).map((r) => ({
        from: r.from_currency,
        to: r.to_currency,
        rate: r.rate,
      }));
      return new Converter(to, rates).rateOf(from);
    },
  };
}
