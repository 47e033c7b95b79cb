import { defineErrors } from './app-error.ts';

/** The code stays `plans.unknown_currency` (where the check started): clients match on it. */
export const currencyErrors = defineErrors({
  unknown: [
    'plans.unknown_currency',
    400,
    (code: string) => `unknown currency ${code}: use an ISO 4217 code such as USD, EUR, CNY or JPY`,
  ],
});

const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code this runtime knows (e.g. USD, EUR, CNY, JPY). */
export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code);
}

/** Throws `plans.unknown_currency` unless `code` is a currency this runtime knows. */
export function assertKnownCurrency(code: string): void {
  if (!isKnownCurrency(code)) throw currencyErrors.unknown(code);
}

/** Digits after the decimal point of a currency's minor unit: 2 for USD and CNY, 0 for JPY. */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Formats integer minor units as a plain decimal string: 123456 USD → "1234.56". */
export function formatMinor(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amountMinor);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
