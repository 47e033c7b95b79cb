/** The calendar month (UTC) containing `at`: quotas and monthly fees run on these periods. */
export function monthOf(at: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start: start.toISOString(), end: end.toISOString() };
}

/** `2026-03` → the month's bounds; throws on a malformed label. */
export function monthFromLabel(label: string): { start: string; end: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match) throw new RangeError(`not a month: ${label}`);
  return monthOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}
