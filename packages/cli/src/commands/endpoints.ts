import { listEndpoints } from '@qudao/server';
import type { Command } from 'commander';
import { printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao endpoints list`. */
export function registerEndpointCommands(program: Command): void {
  const endpoints = program.command('endpoints').description('deployed endpoints');
  endpoints
    .command('list')
    .description('list endpoints with their usage')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printTable(
          await listEndpoints(ctx),
          [
            { header: 'ENDPOINT', value: (r) => r.name },
            { header: 'MODEL', value: (r) => `${r.model}@${r.version}` },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'CALLS', value: (r) => r.usage.calls, align: 'right' },
            {
              header: 'AVG MS',
              value: (r) => r.usage.avgLatencyMs?.toFixed(2) ?? null,
              align: 'right',
            },
            { header: 'LAST CALL', value: (r) => r.usage.lastCallAt },
          ],
          opts,
        );
      });
    });
}
