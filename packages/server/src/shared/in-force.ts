/**
 * The entry of a price or plan timeline in force for a period: of the entries effective before
 * the period's end (null: since ever), the latest effective, then the latest made. Every new
 * entry is effective from the end of the last closed period, so it never changes a closed one.
 * `entries` come in the order they were made.
 */
export function inForceAt<T extends { effectiveFrom: string | null }>(
  entries: readonly T[],
  end: string,
): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (entry.effectiveFrom !== null && entry.effectiveFrom >= end) continue;
    if (!best || (entry.effectiveFrom ?? '') >= (best.effectiveFrom ?? '')) best = entry;
  }
  return best;
}
