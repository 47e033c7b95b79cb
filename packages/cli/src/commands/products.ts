import { createProduct, listProducts } from '@qudao/server';
import type { Command } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao tokens …` (staff and partner credentials) and `qudao plans …` / `qudao products …`. */

/** `qudao products add|list`. */
export function registerProductCommands(program: Command): void {
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
