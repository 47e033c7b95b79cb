import type { AppContext } from '../context.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { parseInput } from '../shared/validate.ts';
import { Converter } from './exchange.ts';
import { reportErrors } from './reports.errors.ts';
import {
  type ExchangeRateView,
  type SetExchangeRateInput,
  SetExchangeRateSchema,
} from './reports.schemas.ts';
import * as store from './reports.store.ts';

export async function listExchangeRates(ctx: AppContext): Promise<ExchangeRateView[]> {
  return (await store.listRates(ctx.db)).map((r) => ({
    from: r.from_currency,
    to: r.to_currency,
    rate: r.rate,
    updatedAt: r.updated_at,
  }));
}

/** Sets the owner's rate from one currency into another; reports convert with nothing else. */
export async function setExchangeRate(
  ctx: AppContext,
  input: SetExchangeRateInput,
): Promise<ExchangeRateView> {
  const data = parseInput(SetExchangeRateSchema, input, 'exchange rate');
  for (const code of [data.from, data.to]) {
    assertKnownCurrency(code);
  }
  if (data.from === data.to) throw reportErrors.sameCurrency(data.from);
  const row = {
    from_currency: data.from,
    to_currency: data.to,
    rate: data.rate,
    updated_at: ctx.clock.now().toISOString(),
  };
  await store.upsertRate(ctx.db, row);
  return {
    from: row.from_currency,
    to: row.to_currency,
    rate: row.rate,
    updatedAt: row.updated_at,
  };
}

export async function removeExchangeRate(ctx: AppContext, from: string, to: string) {
  if ((await store.deleteRate(ctx.db, from, to)) === 0) throw reportErrors.rateNotFound(from, to);
}

/** A converter into `currency` with the rates set now. */
export async function converterInto(ctx: AppContext, currency: string): Promise<Converter> {
  const rates = (await listExchangeRates(ctx)).map(({ from, to, rate }) => ({ from, to, rate }));
  return new Converter(currency, rates);
}
