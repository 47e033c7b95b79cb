/** { a: { b: 1 } } → { 'a.b': 1 }; arrays stay whole (as the server's `runs compare`). */
export function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flatten(v, key));
    else out[key] = v;
  }
  return out;
}

/** One row of a diff: a key and each run's value (undefined where a run does not have it). */
export interface DiffRow {
  key: string;
  values: unknown[];
}

/**
 * The keys whose values are not the same in every one of `objects` (flattened), sorted; keys
 * in `skip` (e.g. a run's own model name) are left out.
 */
export function configDiff(objects: unknown[], skip: readonly string[] = []): DiffRow[] {
  const flat = objects.map((o) => flatten(o));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => !skip.includes(k));
  return keys
    .sort()
    .map((key) => ({ key, values: flat.map((f) => f[key]) }))
    .filter((row) => new Set(row.values.map((v) => JSON.stringify(v) ?? 'undefined')).size > 1);
}

/** A value of a config as a person reads it: numbers and words as they are, lists as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
