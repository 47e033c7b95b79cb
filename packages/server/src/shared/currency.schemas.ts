import { z } from 'zod';

/**
 * A three-letter ISO 4217 code, upper-cased; every domain that takes money uses this one.
 * Whether the runtime knows the code is checked by the service (`assertKnownCurrency`).
 */
export const CurrencySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'currency is a three-letter ISO 4217 code')
  .transform((c) => c.toUpperCase());
