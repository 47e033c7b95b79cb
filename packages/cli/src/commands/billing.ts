import {
  closePeriod,
  invoicesCsv,
  listInvoices,
  listStatements,
  statementsCsv,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

export function registerBillingCommands(program: Command): void {
  const billing = program
    .command('billing')
    .description('closing periods: invoices and commission statements');
  billing
    .command('close')
    .description('close a period: immutable customer invoices and partner commission statements')
    .requiredOption('--start <iso>', 'period start, e.g. 2025-03-01T00:00:00Z')
    .requiredOption('--end <iso>', 'period end (exclusive), e.g. 2025-04-01T00:00:00Z')
    .option('--shadow', 'only report what closing would write')
    .addHelpText(
      'after',
      '\nExample:\n  qudao billing close --start 2025-03-01T00:00:00Z --end 2025-04-01T00:00:00Z --shadow',
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ start: string; end: string; shadow?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await closePeriod(ctx, {
          start: opts.start,
          end: opts.end,
          shadow: !!opts.shadow,
        });
        if (opts.json) return printJson(r);
        printRecord(
          {
            period: r.periodId ?? '(shadow: nothing written)',
            events: r.events,
            invoices: r.invoices.length,
            statements: r.statements.length,
          },
          {},
        );
      });
    });
  billing
    .command('export')
    .description('print the invoices or commission statements of a closed period as CSV')
    .requiredOption('--period <id>', 'closed period id')
    .option('--commissions', 'commission statements instead of invoices')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ period: string; commissions?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        process.stdout.write(
          opts.commissions
            ? statementsCsv(await listStatements(ctx, undefined, opts.period))
            : invoicesCsv(await listInvoices(ctx, undefined, opts.period)),
        );
      });
    });
}
