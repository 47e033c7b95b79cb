import { useMemo } from 'react';
import { useI18n } from './i18n.tsx';

/** Number, percentage, duration and date formatting in the console's language. */
export interface Formatters {
  integer: (value: number) => string;
  decimal: (value: number, digits?: number) => string;
  /** A ratio 0..1 as a percentage, e.g. 0.9845 → "98.45%". */
  percent: (ratio: number, digits?: number) => string;
  latency: (ms: number | null) => string;
  /** A size in decimal units: "812 B", "401.4 kB", "3.2 MB". */
  bytes: (count: number) => string;
  /** Seconds as "42.1 s", "3 min 05 s" or "1 h 02 min". */
  duration: (seconds: number) => string;
  dateTime: (iso: string | null) => string;
  /** "3 min ago"; dates older than a week are shown in full. */
  relative: (iso: string | null) => string;
}

const DASH = '—';

export function createFormatters(locale: string, never: string): Formatters {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const unit = (name: string) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, maximumFractionDigits: 1 });
  const [byteUnit, kilobyte, megabyte] = ['byte', 'kilobyte', 'megabyte'].map(unit);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });

  const decimal = (value: number, digits = 2) =>
    Number.isFinite(value)
      ? value.toLocaleString(locale, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        })
      : DASH;

  const fullDate = (iso: string | null) => {
    if (!iso) return never;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? DASH : dateTime.format(date);
  };

  return {
    integer: (value) => (Number.isFinite(value) ? integer.format(value) : DASH),
    decimal,
    percent: (ratio, digits = 2) =>
      Number.isFinite(ratio) ? `${decimal(ratio * 100, digits)}%` : DASH,
    latency: (ms) =>
      ms === null || !Number.isFinite(ms) ? DASH : `${decimal(ms, ms < 10 ? 2 : 1)} ms`,
    bytes: (count) => {
      if (!Number.isFinite(count)) return DASH;
      if (count < 1000) return byteUnit!.format(count);
      return count < 1e6 ? kilobyte!.format(count / 1e3) : megabyte!.format(count / 1e6);
    },
    duration: (seconds) => {
      if (!Number.isFinite(seconds)) return DASH;
      if (seconds < 60) return `${decimal(seconds, 1)} s`;
      const total = Math.round(seconds);
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
      return `${m} min ${String(s).padStart(2, '0')} s`;
    },
    dateTime: fullDate,
    relative: (iso) => {
      if (!iso) return never;
      const then = new Date(iso).getTime();
      if (Number.isNaN(then)) return DASH;
      const seconds = Math.round((then - Date.now()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return rtf.format(seconds, 'second');
      if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
      if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
      if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
      return fullDate(iso);
    },
  };
}

export function useFormat(): Formatters {
  const { locale, t } = useI18n();
  return useMemo(() => createFormatters(locale, t('common.never')), [locale, t]);
}
