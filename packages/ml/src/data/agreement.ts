/**
 * Cohen's kappa of two raters over the same items: (po - pe) / (1 - pe), where po is the
 * share of items they agree on and pe the agreement expected by chance from each rater's
 * label shares. 1 is perfect agreement, 0 chance level; undefined without items.
 */
export function cohensKappa(pairs: [string, string][]): number | undefined {
  if (pairs.length === 0) return undefined;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
    if (x === y) agree++;
  }
  const n = pairs.length;
  const po = agree / n;
  let pe = 0;
  for (const [label, count] of a) pe += (count / n) * ((b.get(label) ?? 0) / n);
  if (pe === 1) return po === 1 ? 1 : 0;
  return (po - pe) / (1 - pe);
}
