/** UTC dates of billing periods, as the period-close form shows and sends them. */

/** `2026-03-01` → `2026-03-01T00:00:00.000Z`. */
export function dayStart(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The first day of the month after `day`'s month. */
export function nextMonth(day: string): string {
  const d = new Date(dayStart(day));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/**
 * The period to close next: from the end of the latest closed one to the first of the month
 * after, else the last complete month before `now`.
 */
export function nextPeriod(latestEnd: string | null, now: Date): { start: string; end: string } {
  if (latestEnd) {
    const start = dayOf(latestEnd);
    return { start, end: nextMonth(start) };
  }
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** "March 2026" for a calendar month, else "1 Mar 2026 – 15 Mar 2026", in `locale`. */
export function periodLabel(start: string, end: string, locale: string): string {
  const from = new Date(start);
  const to = new Date(end);
  const wholeMonth =
    from.getUTCDate() === 1 &&
    from.getUTCHours() === 0 &&
    to.toISOString() ===
      new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)).toISOString();
  if (wholeMonth)
    return new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(from);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return `${day.format(from)} – ${day.format(to)}`;
}

/** Sums of minor units per currency (never added across currencies). */
export function totalsByCurrency(
  items: { currency: string; totalMinor: number }[],
): [string, number][] {
  const sums = new Map<string, number>();
  for (const item of items)
    sums.set(item.currency, (sums.get(item.currency) ?? 0) + item.totalMinor);
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b));
}
