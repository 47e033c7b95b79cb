import { createPlan, formatMinor, listPlans } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const int = (v: string) => Number.parseInt(v, 10);

/** `qudao tokens …` (staff and partner credentials) and `qudao plans …` / `qudao products …`. */

/** `qudao plans add|list`. */
export function registerPlanCommands(program: Command): void {
  const plans = program.command('plans').description('pricing plans (money in minor units)');
  plans
    .command('add')
    .description('add a pricing plan')
    .requiredOption('--name <name>', 'plan name')
    .requiredOption('--currency <code>', 'ISO 4217 currency, e.g. USD, CNY')
    .addOption(
      new Option('--unit <unit>', 'what a price applies to')
        .choices(['call', 'thousand_units'])
        .default('call'),
    )
    .addOption(
      new Option('--billed-per <what>', 'what a unit counts: each input row, or the whole call')
        .choices(['row', 'call'])
        .default('row'),
    )
    .option('--fee <minor>', 'monthly fee', int, 0)
    .option('--included <units>', 'units the fee covers', int, 0)
    .option(
      '--tiers <json>',
      'tiers, e.g. \'[{"upTo":1000,"priceMinor":5},{"upTo":null,"priceMinor":3}]\'',
    )
    .addOption(
      new Option('--tier-mode <mode>', 'tier pricing')
        .choices(['graduated', 'volume'])
        .default('graduated'),
    )
    .option('--quota <units>', 'units per month', int)
    .option('--overage <minor>', 'price beyond the quota (omit: refuse with 429)', int)
    .option('--rate <perSecond>', 'token bucket refill per key', Number, 50)
    .option('--burst <n>', 'token bucket size', int, 100)
    .action(async (_opts, command: Command) => {
      const o = optionsOf<{
        name: string;
        currency: string;
        unit: 'call';
        billedPer: 'row' | 'call';
        fee: number;
        included: number;
        tiers?: string;
        tierMode: 'graduated';
        quota?: number;
        overage?: number;
        rate: number;
        burst: number;
      }>(command);
      await withWorkspace(o, async (ctx) => {
        const plan = await createPlan(ctx, {
          name: o.name,
          currency: o.currency,
          unit: o.unit,
          billedPer: o.billedPer,
          monthlyFeeMinor: o.fee,
          includedUnits: o.included,
          tierMode: o.tierMode,
          ...(o.tiers ? { tiers: JSON.parse(o.tiers) } : {}),
          quotaUnits: o.quota ?? null,
          overagePriceMinor: o.overage ?? null,
          ratePerSecond: o.rate,
          burst: o.burst,
        });
        printRecord(
          { plan: plan.id, name: plan.name, fee: formatMinor(plan.monthlyFeeMinor, plan.currency) },
          o,
          plan,
        );
      });
    });
  plans
    .command('list')
    .description('list plans')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listPlans(ctx),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'NAME', value: (r) => r.name },
            { header: 'CUR', value: (r) => r.currency },
            {
              header: 'FEE',
              value: (r) => formatMinor(r.monthlyFeeMinor, r.currency),
              align: 'right',
            },
            { header: 'INCLUDED', value: (r) => r.includedUnits, align: 'right' },
            { header: 'QUOTA', value: (r) => r.quotaUnits, align: 'right' },
          ],
          opts,
        ),
      );
    });
}
