/** Digits after the decimal point of a currency's minor unit (2 for USD and CNY, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** "12.5" in CNY → 1250 minor units; NaN for text that is not an amount. */
/** The currencies the console's forms offer (plans, market cells). */
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY'] as const;

export function toMinor(major: string, currency: string): number {
  const trimmed = major.trim();
  if (!/^\d+([.,]\d+)?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed.replace(',', '.')) * 10 ** minorDigits(currency));
}

/** Integer minor units as money in the console's locale ("¥12.50", "US$12.50"). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      minor / 10 ** digits,
    );
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}
