import { csvFormatRows, csvParseRows } from 'd3-dsv';

export const IMPORT_KINDS = ['partners', 'customers', 'deals'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields the server reads of each kind (`imports.service.ts`), the required one first. */
export const IMPORT_FIELDS = {
  partners: ['name', 'tier', 'channel', 'regions', 'industries'],
  customers: ['name', 'partner', 'region', 'industry', 'size', 'since'],
  deals: [
    'company',
    'partner',
    'customer',
    'source',
    'stage',
    'value',
    'currency',
    'createdAt',
    'closedAt',
  ],
} as const satisfies Record<ImportKind, readonly string[]>;

export type ImportField = (typeof IMPORT_FIELDS)[ImportKind][number];

/** Field → the index of the file's column it is read from; a field left out is not imported. */
export type Mapping = Partial<Record<string, number>>;

/** Other names CRM exports give a field (Salesforce, HubSpot, Zoho), for the first guess. */
const SYNONYMS: Partial<Record<ImportField, string[]>> = {
  name: ['account name', 'company name', 'partner name', 'customer name', 'account'],
  company: ['account name', 'company name', 'opportunity name', 'deal name'],
  tier: ['partner tier', 'level'],
  channel: ['partner type', 'type'],
  regions: ['region', 'territory'],
  region: ['territory', 'billing region'],
  industries: ['industry', 'vertical'],
  industry: ['vertical'],
  size: ['company size', 'segment'],
  since: ['customer since', 'created date', 'create date'],
  partner: ['partner name', 'partner account', 'reseller'],
  customer: ['customer name'],
  source: ['lead source', 'deal source'],
  stage: ['deal stage', 'opportunity stage'],
  value: ['amount', 'deal amount'],
  currency: ['amount currency', 'currency code'],
  createdAt: ['created at', 'created', 'created date', 'create date'],
  closedAt: ['closed at', 'close date', 'closed date'],
};

const norm = (h: string) =>
  h
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/** The file read in the browser: its header and data rows (blank rows dropped). */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const records = csvParseRows(text.replace(/^\uFEFF/, '')).filter((r) =>
    r.some((v) => v.trim() !== ''),
  );
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

/** The first guess of each field's column: its own name, else a name CRMs give it. */
export function guessMapping(kind: ImportKind, header: readonly string[]): Mapping {
  const names = header.map(norm);
  const used = new Set<number>();
  const mapping: Mapping = {};
  for (const field of IMPORT_FIELDS[kind]) {
    for (const name of [norm(field), ...(SYNONYMS[field] ?? [])]) {
      const index = names.findIndex((n, i) => n === name && !used.has(i));
      if (index >= 0) {
        mapping[field] = index;
        used.add(index);
        break;
      }
    }
  }
  return mapping;
}

/** Each row as it would be imported: the mapped fields' values, in the fields' order. */
export function mappedRows(
  kind: ImportKind,
  mapping: Mapping,
  rows: readonly string[][],
): { fields: string[]; rows: string[][] } {
  const fields = IMPORT_FIELDS[kind].filter((f) => mapping[f] !== undefined);
  return {
    fields: [...fields],
    rows: rows.map((r) => fields.map((f) => (r[mapping[f] as number] ?? '').trim())),
  };
}

/**
 * The CSV sent to the server: a header of Qudao's own field names and the mapped columns only,
 * so the server's column matching reads exactly the user's mapping.
 */
export function mappedCsv(kind: ImportKind, mapping: Mapping, rows: readonly string[][]): string {
  const mapped = mappedRows(kind, mapping, rows);
  return csvFormatRows([mapped.fields, ...mapped.rows]);
}

/** The per-row problems of an `imports.invalid_rows` refusal (`details.errors`). */
export function rowErrors(details: unknown): { row: number; message: string }[] {
  const errors = (details as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is { row: number; message: string } =>
      typeof e?.row === 'number' && typeof e?.message === 'string',
  );
}
