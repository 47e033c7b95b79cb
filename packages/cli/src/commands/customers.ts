import { createCustomer, listCustomers } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao customers add|list`. */
export function registerCustomerCommands(program: Command): void {
  const customers = program
    .command('customers')
    .description('customers, direct or through a partner');
  customers
    .command('add')
    .description('add a customer')
    .requiredOption('--name <name>', 'customer name')
    .option('--partner <id>', 'the partner that sells to this customer (omit for direct sales)')
    .option('--region <region>', 'region, e.g. EU')
    .option('--industry <industry>', 'industry, e.g. retail')
    .addOption(
      new Option('--size <size>', 'company size').choices([
        'small',
        'medium',
        'large',
        'enterprise',
      ]),
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{
        name: string;
        partner?: string;
        region?: string;
        industry?: string;
        size?: 'small';
      }>(command);
      await withWorkspace(opts, async (ctx) => {
        const customer = await createCustomer(ctx, {
          name: opts.name,
          partnerId: opts.partner,
          region: opts.region,
          industry: opts.industry,
          size: opts.size,
        });
        printRecord(
          {
            customer: customer.id,
            name: customer.name,
            channel: customer.partnerName ?? 'direct sales',
          },
          opts,
          customer,
        );
      });
    });
  customers
    .command('list')
    .description('list customers')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listCustomers(ctx),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'NAME', value: (r) => r.name },
            { header: 'PARTNER', value: (r) => r.partnerName ?? 'direct sales' },
          ],
          opts,
        ),
      );
    });
}
