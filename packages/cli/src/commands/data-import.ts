import type { ImportTableInput } from '@qudao/server';

export interface TableImportOptions {
  file?: string[];
  map?: string[];
  format?: 'csv' | 'tsv' | 'jsonl';
  label?: string;
  text?: string;
  features?: string;
  task?: 'classification' | 'regression';
  range?: string[];
  cleanOff?: string;
  keepUnlabeled?: boolean;
  testFraction: number;
  validationFraction?: number;
  seed: number;
}

/** `a=b,c=d` → { a: 'b', c: 'd' } */
function pairs(spec: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${what} "${spec}" must look like name=column,name=column`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Turns `qudao data import --file … --map …` options into a table import: the n-th `--map`
 * (dataset column = file column, …) belongs to the n-th `--file`; `label:x=y` entries in a map
 * rename that file's label values.
 */
export function tableImportInput(name: string, opts: TableImportOptions): ImportTableInput {
  const files = opts.file ?? [];
  const maps = opts.map ?? [];
  if (maps.length > files.length) throw new Error('give at most one --map per --file');
  return {
    name,
    sources: files.map((file, i) => {
      const map = maps[i] ? pairs(maps[i]!, '--map') : undefined;
      const mapping = map
        ? Object.fromEntries(Object.entries(map).filter(([k]) => !k.startsWith('label:')))
        : undefined;
      const labelValues = map
        ? Object.fromEntries(
            Object.entries(map)
              .filter(([k]) => k.startsWith('label:'))
              .map(([k, v]) => [k.slice(6), v]),
          )
        : undefined;
      return {
        path: file,
        ...(opts.format ? { format: opts.format } : {}),
        ...(mapping && Object.keys(mapping).length ? { mapping } : {}),
        ...(labelValues && Object.keys(labelValues).length ? { labelValues } : {}),
      };
    }),
    label: opts.label,
    text: opts.text,
    features: opts.features?.split(',').map((f) => f.trim()),
    task: opts.task,
    ranges: opts.range
      ? Object.fromEntries(
          opts.range.map((r) => {
            const [col, lo, hi] = r.split(/[=:]/);
            return [col!, [Number(lo), Number(hi)] as [number, number]];
          }),
        )
      : undefined,
    keepUnlabeled: opts.keepUnlabeled,
    clean: { off: (opts.cleanOff?.split(',').map((r) => r.trim()) ?? []) as never[] },
    testFraction: opts.testFraction,
    validationFraction: opts.validationFraction,
    seed: opts.seed,
  };
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
