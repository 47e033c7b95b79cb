import {
  createAccessToken,
  createPlan,
  createProduct,
  formatMinor,
  listAccessTokens,
  listPlans,
  listProducts,
  revokeAccessToken,
} from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const int = (v: string) => Number.parseInt(v, 10);

/** `qudao tokens …` (staff and partner credentials) and `qudao plans …` / `qudao products …`. */
export function registerChannelAdminCommands(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('access tokens of admins, analysts and partners (customers use API keys)');
  tokens
    .command('create')
    .description('create an access token (shown once)')
    .addOption(
      new Option('--role <role>', 'who holds it')
        .choices(['admin', 'analyst', 'partner'])
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'a name to recognise it by')
    .option('--partner <id>', 'the partner a partner token acts for')
    .option('--expires <iso>', 'expiry, e.g. 2026-12-31T00:00:00Z')
    .addHelpText(
      'after',
      '\nExample:\n  qudao tokens create --role partner --partner prt_… --name "Acme portal"',
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ role: 'partner'; name: string; partner?: string; expires?: string }>(
        command,
      );
      await withWorkspace(opts, async (ctx) => {
        const token = await createAccessToken(ctx, {
          role: opts.role,
          name: opts.name,
          partnerId: opts.partner,
          expiresAt: opts.expires,
        });
        if (!opts.json) console.error('store this token now: it is shown only once');
        printRecord(
          { token: token.token, id: token.id, role: token.role, partner: token.partnerId },
          opts,
          token,
        );
      });
    });
  tokens
    .command('list')
    .description('list access tokens (prefixes only)')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listAccessTokens(ctx),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'ROLE', value: (r) => r.role },
            { header: 'NAME', value: (r) => r.name },
            { header: 'PARTNER', value: (r) => r.partnerId },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'EXPIRES', value: (r) => r.expiresAt },
          ],
          opts,
        ),
      );
    });
  tokens
    .command('revoke <id>')
    .description('revoke an access token')
    .action(async (id: string, _opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const token = await revokeAccessToken(ctx, id);
        printRecord({ token: token.id, status: token.status }, opts, token);
      });
    });

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

  const products = program.command('products').description('products: an endpoint sold on a plan');
  products
    .command('add')
    .description('sell an endpoint on a plan')
    .requiredOption('--name <name>', 'product name')
    .requiredOption('--endpoint <name>', 'endpoint')
    .requiredOption('--plan <idOrName>', 'plan')
    .action(async (_opts, command: Command) => {
      const o = optionsOf<{ name: string; endpoint: string; plan: string }>(command);
      await withWorkspace(o, async (ctx) => {
        const product = await createProduct(ctx, {
          name: o.name,
          endpoint: o.endpoint,
          plan: o.plan,
        });
        printRecord(
          { product: product.id, endpoint: product.endpoint, plan: product.plan.name },
          o,
          product,
        );
      });
    });
  products
    .command('list')
    .description('list products')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listProducts(ctx),
          [
            { header: 'ID', value: (r) => r.id },
            { header: 'NAME', value: (r) => r.name },
            { header: 'ENDPOINT', value: (r) => r.endpoint },
            { header: 'PLAN', value: (r) => r.plan.name },
          ],
          opts,
        ),
      );
    });
}
