import { createAccessToken, listAccessTokens, revokeAccessToken } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao tokens …` (staff and partner credentials) and `qudao plans …` / `qudao products …`. */

/** `qudao tokens create|list|revoke`: staff and partner access tokens. */
export function registerTokenCommands(program: Command): void {
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
}
