import { createApiKey, listApiKeys, revokeApiKey } from '@qudao/server';
import type { Command } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao keys create|list|revoke`: customers’ API keys. */
export function registerKeyCommands(program: Command): void {
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
}
