import { listEndpoints, setEndpointStatus } from '@qudao/server';
import type { Command } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { registerEndpointTrafficCommands } from './endpoints-traffic.ts';

/** `qudao endpoints list|stop|start|canary|shadow|promote|rollback|history|live|drift`. */
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
            { header: 'ALIAS', value: (r) => r.traffic.alias },
            {
              header: 'CANARY',
              value: (r) =>
                r.traffic.canary
                  ? `v${r.traffic.canary.version} ${r.traffic.canary.percent}%`
                  : null,
            },
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
  for (const [action, status, what] of [
    ['stop', 'stopped', 'stop an endpoint: its calls answer serving.endpoint_stopped, unbilled'],
    ['start', 'active', 'start a stopped endpoint again'],
  ] as const) {
    endpoints
      .command(`${action} <name>`)
      .description(what)
      .action(async (name: string, _o, command: Command) => {
        const opts = optionsOf(command);
        await withWorkspace(opts, async (ctx) => {
          const endpoint = await setEndpointStatus(ctx, name, status, 'owner');
          printRecord(
            {
              endpoint: endpoint.name,
              serves: `${endpoint.model}@${endpoint.version}`,
              status: endpoint.status,
            },
            opts,
            endpoint,
          );
        });
      });
  }
  registerEndpointTrafficCommands(endpoints);
}
