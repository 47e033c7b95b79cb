/** The last month asked for (every metered call asks; it is nearly always the same one). */
let last = { from: 0, to: 0, start: '', end: '' };

/** The calendar month (UTC) containing `at`: quotas and monthly fees run on these periods. */
export function monthOf(at: Date): { start: string; end: string } {
  const ms = at.getTime();
  if (ms >= last.from && ms < last.to) return { start: last.start, end: last.end };
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  last = {
    from: start.getTime(),
    to: end.getTime(),
    start: start.toISOString(),
    end: end.toISOString(),
  };
  return { start: last.start, end: last.end };
}

/** `2026-03` → the month's bounds; throws on a malformed label. */
export function monthFromLabel(label: string): { start: string; end: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match) throw new RangeError(`not a month: ${label}`);
  return monthOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}
