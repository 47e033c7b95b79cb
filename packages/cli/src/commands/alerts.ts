import { listAlerts } from '@qudao/server';
import type { Command } from 'commander';
import { printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao alerts`: drift, canaries rolled back, retraining that failed. */
export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('alerts, newest first: drift, canaries rolled back, retraining that failed')
    .option('--endpoint <name>', 'of one endpoint')
    .option('--kind <kind>', 'drift, canary.rolled_back or retrain.failed')
    .option('--limit <n>', 'at most n (default 100)', Number)
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ endpoint?: string; kind?: string; limit?: number }>(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listAlerts(ctx, { endpoint: opts.endpoint, kind: opts.kind, limit: opts.limit }),
          [
            { header: 'AT', value: (a) => a.at },
            { header: 'KIND', value: (a) => a.kind },
            { header: 'ENDPOINT', value: (a) => a.endpoint },
            { header: 'VERSION', value: (a) => (a.model ? `${a.model}@${a.version}` : null) },
            { header: 'WEBHOOK', value: (a) => a.webhook.status },
            { header: 'MESSAGE', value: (a) => a.message },
          ],
          opts,
        ),
      );
    });
}
