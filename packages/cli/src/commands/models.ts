import { deploy, listEndpoints, listModels, parseModelRef } from '@qudao/server';
import type { Command } from 'commander';
import { percent, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { registerRegistryCommands } from './models-registry.ts';

interface MetricsShape {
  test?: { accuracy?: number; loss?: number; rmse?: number; f1Macro?: number };
  trainSamplesPerSecond?: number;
  trainSeconds?: number;
}

export function registerModelCommands(program: Command): void {
  const models = program.command('models').description('the model registry');
  models
    .command('list')
    .description('list every model version with its metrics and lineage')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const all = await listModels(ctx);
        const rows = all.flatMap((m) => m.versions);
        printTable(
          rows,
          [
            { header: 'MODEL', value: (r) => `${r.model}@${r.version}` },
            { header: 'TEMPLATE', value: (r) => r.template },
            { header: 'DATASET', value: (r) => `${r.dataset}@${r.datasetVersion}` },
            {
              header: 'TEST',
              value: (r) => {
                const t = (r.metrics as MetricsShape).test;
                return t?.accuracy !== undefined
                  ? `acc ${percent(t.accuracy)}`
                  : t?.rmse !== undefined
                    ? `rmse ${t.rmse.toFixed(3)}`
                    : null;
              },
              align: 'right',
            },
            {
              header: 'SAMPLES/S',
              value: (r) => Math.round((r.metrics as MetricsShape).trainSamplesPerSecond ?? 0),
              align: 'right',
            },
            { header: 'BACKEND', value: (r) => r.backend },
            { header: 'CREATED', value: (r) => r.createdAt },
          ],
          opts,
          all,
        );
      });
    });
  registerRegistryCommands(models);

  program
    .command('deploy <model@version>')
    .description(
      'serve a model version as a named HTTP endpoint (re-deploying a name switches its version)',
    )
    .requiredOption('--name <endpoint>', 'endpoint name, used in /api/v1/endpoints/<name>/predict')
    .addHelpText('after', '\nExample:\n  qudao deploy mnist-cnn@1 --name mnist')
    .action(async (ref: string, _opts, command: Command) => {
      const opts = optionsOf<{ name: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        const endpoint = await deploy(ctx, { name: opts.name, model, version });
        printRecord(
          {
            endpoint: endpoint.name,
            serves: `${endpoint.model}@${endpoint.version}`,
            input: endpoint.inputShape.join('x'),
            predict: `POST /api/v1/endpoints/${endpoint.name}/predict`,
          },
          opts,
          endpoint,
        );
      });
    });

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
