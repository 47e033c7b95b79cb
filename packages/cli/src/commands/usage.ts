import { endpointNames, usageBy } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao usage --by …`: metered calls. */
export function registerUsageCommand(program: Command): void {
  program
    .command('usage')
    .description('metered calls, grouped by partner, customer, endpoint, product or channel')
    .addOption(
      new Option('--by <group>', 'grouping')
        .choices(['partner', 'customer', 'endpoint', 'product', 'channel'])
        .default('customer'),
    )
    .option('--period <YYYY-MM>', 'one month (default: all time)')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ by: 'partner'; period?: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printUsage(
          await usageBy(ctx, opts.by, (ids) => endpointNames(ctx, ids), { period: opts.period }),
          opts,
        ),
      );
    });
}

export function printUsage(rows: Awaited<ReturnType<typeof usageBy>>, opts: { json?: boolean }) {
  printTable(
    rows,
    [
      { header: (rows[0]?.group ?? 'group').toUpperCase(), value: (r) => r.name },
      { header: 'CALLS', value: (r) => r.calls, align: 'right' },
      { header: 'AVG MS', value: (r) => r.avgLatencyMs?.toFixed(2) ?? null, align: 'right' },
      { header: 'FIRST CALL', value: (r) => r.firstCallAt },
      { header: 'LAST CALL', value: (r) => r.lastCallAt },
    ],
    opts,
  );
}
