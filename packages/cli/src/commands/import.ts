import { readFile } from 'node:fs/promises';
import { importCrm } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** In-process commands act as the workspace owner. */
const OWNER_PRINCIPAL = { kind: 'owner' } as const;

/** `qudao import <file> --kind partners|customers|deals`: a CRM export. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('import partners, customers or deals from a CRM export (CSV); all rows or none')
    .addOption(
      new Option('--kind <kind>', 'what the file holds')
        .choices(['partners', 'customers', 'deals'])
        .makeOptionMandatory(),
    )
    .option('--dry-run', 'check every row and report, writing nothing')
    .addHelpText(
      'after',
      '\nExample:\n  qudao import partners.csv --kind partners\n  qudao import opportunities.csv --kind deals --dry-run',
    )
    .action(async (file: string, _opts, command: Command) => {
      const opts = optionsOf<{ kind: 'partners'; dryRun?: boolean }>(command);
      const csv = await readFile(file, 'utf8');
      await withWorkspace(opts, async (ctx) => {
        const result = await importCrm(
          ctx,
          { kind: opts.kind, csv, dryRun: !!opts.dryRun },
          OWNER_PRINCIPAL,
        );
        printRecord(result, opts, result);
      });
    });
}
