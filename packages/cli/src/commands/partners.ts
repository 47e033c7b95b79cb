import { createPartner, listPartners } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao partners add|list`. */
export function registerPartnerCommands(program: Command): void {
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
}
