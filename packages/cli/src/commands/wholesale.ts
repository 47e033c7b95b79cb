import {
  createRetailPlan,
  listWholesaleInvoices,
  listWholesalePrices,
  setProductCost,
  setWholesalePrice,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao wholesale`: product costs, wholesale price lists per tier, resellers' retail plans. */
export function registerWholesaleCommands(program: Command): void {
  const wholesale = program
    .command('wholesale')
    .description('the reseller model: costs, wholesale prices, retail plans, wholesale invoices');
  wholesale
    .command('cost')
    .description("set a product's cost per unit (the floor of its wholesale prices)")
    .requiredOption('--product <id>', 'product id')
    .requiredOption('--cost <minor>', 'cost per unit in minor units')
    .requiredOption('--currency <code>', 'currency')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ product: string; cost: string; currency: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printJson(
          await setProductCost(ctx, opts.product, {
            costMinor: Number(opts.cost),
            currency: opts.currency,
          }),
        ),
      );
    });
  wholesale
    .command('price')
    .description("set a tier's wholesale price of a product")
    .requiredOption('--tier <tier>', 'registered, silver, gold or platinum')
    .requiredOption('--product <id>', 'product id')
    .requiredOption('--price <minor>', 'price per unit in minor units')
    .requiredOption('--currency <code>', 'currency')
    .option('--margin-bps <bps>', "the resellers' minimum margin over it", '0')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{
        tier: string;
        product: string;
        price: string;
        currency: string;
        marginBps: string;
      }>(command);
      await withWorkspace(opts, async (ctx) =>
        printJson(
          await setWholesalePrice(ctx, {
            tier: opts.tier as 'registered',
            productId: opts.product,
            priceMinor: Number(opts.price),
            currency: opts.currency,
            minMarginBps: Number(opts.marginBps),
          }),
        ),
      );
    });
  wholesale
    .command('prices')
    .description('the wholesale price list')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => printJson(await listWholesalePrices(ctx)));
    });
  wholesale
    .command('retail')
    .description("set a reseller's retail plan for a product (one flat price per unit)")
    .requiredOption('--partner <id>', 'reseller id')
    .requiredOption('--product <id>', 'product id')
    .requiredOption('--name <name>', 'plan name')
    .requiredOption('--price <minor>', "price per unit in the reseller's currency")
    .option('--fee <minor>', 'monthly fee', '0')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{
        partner: string;
        product: string;
        name: string;
        price: string;
        fee: string;
      }>(command);
      await withWorkspace(opts, async (ctx) =>
        printJson(
          await createRetailPlan(ctx, opts.partner, {
            productId: opts.product,
            name: opts.name,
            monthlyFeeMinor: Number(opts.fee),
            tiers: [{ upTo: null, priceMinor: Number(opts.price) }],
          }),
        ),
      );
    });
  wholesale
    .command('invoices')
    .description('what Qudao invoiced resellers')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => printJson(await listWholesaleInvoices(ctx)));
    });
}
