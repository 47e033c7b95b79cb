import { z } from 'zod';

/** A CRM export to import: what it holds, its CSV text, and whether to write anything. */
export const ImportSchema = z
  .object({
    kind: z.enum(['partners', 'customers', 'deals']),
    /** The CSV text of the CRM export, header first. */
    csv: z.string().min(1).max(10_000_000),
    /** Check every row and report, writing nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();

export type ImportInput = z.input<typeof ImportSchema>;
