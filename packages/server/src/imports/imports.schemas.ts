import { z } from 'zod';
import { route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const IMPORT_KINDS = ['partners', 'customers', 'deals'] as const;

/** A CRM export to import: what it holds, its CSV text, and whether to write anything. */
export const ImportSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    /** The CSV text of the CRM export, header first. */
    csv: z.string().min(1).max(10_000_000),
    /** Check every row and report, writing nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();

export type ImportInput = z.input<typeof ImportSchema>;

export const ImportResultSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    dryRun: z.boolean(),
    /** Data rows in the file (after the header). */
    rows: z.number().int(),
    /** Rows written (or that would be, in a dry run). */
    created: z.number().int(),
    /** Rows already present (same name, or same company and partner), left as they are. */
    skipped: z.number().int(),
  })
  .meta({ id: 'ImportResult' });

export type ImportResultView = z.infer<typeof ImportResultSchema>;

export const importsContract = {
  crm: route({
    method: 'POST',
    path: '/api/v1/imports/crm',
    summary:
      'Import partners, customers or deals from a CRM export (CSV); one bad row refuses the file',
    access: ACCESS.staff,
    body: ImportSchema,
    response: ImportResultSchema,
  }),
};
