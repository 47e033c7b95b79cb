import { readFile } from 'node:fs/promises';
import {
  createApiKey,
  createCustomer,
  createPartner,
  endpointNames,
  importCrm,
  listApiKeys,
  listCustomers,
  listPartners,
  revokeApiKey,
  usageBy,
} from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { registerChannelAdminCommands } from './channels-admin.ts';

const OWNER_PRINCIPAL = { kind: 'owner' } as const;

import { optionsOf, withWorkspace } from '../workspace.ts';

export function registerChannelCommands(program: Command): void {
  registerChannelAdminCommands(program);
  const partners = program
    .command('partners')
    .description('channel partners (resellers, referral partners, integrators)');
  partners
    .command('add')
    .description('add a partner')
    .requiredOption('--name <name>', 'partner name')
    .addOption(
      new Option('--tier <tier>', 'partner tier')
        .choices(['registered', 'silver', 'gold', 'platinum'])
        .default('registered'),
    )
    .option('--region <region>', 'sales region, e.g. APAC')
    .addOption(
      new Option('--channel <channel>', 'how it sells')
        .choices(['reseller', 'referral', 'integrator', 'marketplace'])
        .default('reseller'),
    )
    .option('--regions <list>', 'more regions, comma-separated')
    .option('--industries <list>', 'industries, comma-separated')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{
        name: string;
        tier: string;
        region?: string;
        channel: string;
        regions?: string;
        industries?: string;
      }>(command);
      const split = (v?: string) =>
        v
          ? v
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : [];
      await withWorkspace(opts, async (ctx) => {
        const partner = await createPartner(ctx, {
          name: opts.name,
          tier: opts.tier as 'registered',
          region: opts.region,
          channel: opts.channel as 'reseller',
          regions: split(opts.regions),
          industries: split(opts.industries),
        });
        printRecord(
          {
            partner: partner.id,
            name: partner.name,
            tier: partner.tier,
            channel: partner.channel,
            regions: partner.regions.join(', '),
          },
          opts,
          partner,
        );
      });
    });
  partners
    .command('list')
    .description('list partners')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listPartners(ctx),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'NAME', value: (r) => r.name },
            { header: 'TIER', value: (r) => r.tier },
            { header: 'REGION', value: (r) => r.region },
          ],
          opts,
        ),
      );
    });

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

  const keys = program.command('keys').description("customers' API keys");
  keys
    .command('create')
    .description('create an API key for a customer (the key is shown once)')
    .requiredOption('--customer <id>', 'customer id')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ customer: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const key = await createApiKey(ctx, opts.customer);
        if (!opts.json) console.error('store this key now: it is shown only once');
        printRecord({ key: key.key, id: key.id, customer: key.customerId }, opts, key);
      });
    });
  keys
    .command('list')
    .description("list a customer's keys (prefixes only)")
    .requiredOption('--customer <id>', 'customer id')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ customer: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listApiKeys(ctx, opts.customer),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'PREFIX', value: (r) => `qd_${r.prefix}_…` },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'CREATED', value: (r) => r.createdAt },
          ],
          opts,
        ),
      );
    });
  keys
    .command('revoke <id>')
    .description('revoke a key: calls with it get 401 from now on')
    .action(async (id: string, _opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const key = await revokeApiKey(ctx, id);
        printRecord({ key: key.id, status: key.status, revoked: key.revokedAt }, opts, key);
      });
    });

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
