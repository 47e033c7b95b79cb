import { compareRuns, getRun, listRuns } from '@qudao/server';
import type { Command } from 'commander';
import { formatCell, printJson, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const headline = (metrics: Record<string, unknown> | null) => {
  const m = (metrics?.test ?? metrics?.validation ?? {}) as Record<string, number>;
  if (m.accuracy !== undefined)
    return `acc ${m.accuracy.toFixed(4)} f1 ${m.f1Macro?.toFixed(4) ?? '—'}`;
  if (m.rmse !== undefined) return `rmse ${m.rmse.toFixed(4)} r2 ${m.r2?.toFixed(4) ?? '—'}`;
  return null;
};

/** `qudao runs list|show|compare`. */
export function registerRunCommands(program: Command): void {
  const runs = program
    .command('runs')
    .description('experiments: every training run with its config, epochs and figures');
  runs
    .command('list')
    .description('list runs, newest first')
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--job <id>', 'only runs of this job (a search or cross-validation has several)')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 50)
    .addHelpText('after', '\nExample:\n  qudao runs list --experiment spam')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ experiment?: string; job?: string; limit: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const rows = await listRuns(ctx, {
          experiment: opts.experiment,
          jobId: opts.job,
          limit: opts.limit,
        });
        printTable(
          rows,
          [
            { header: 'RUN', value: (r) => r.id },
            { header: 'KIND', value: (r) => r.kind },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'TEMPLATE', value: (r) => r.template },
            { header: 'DATASET', value: (r) => `${r.dataset}@${r.datasetVersion}` },
            { header: 'EPOCHS', value: (r) => r.epochs.length, align: 'right' },
            { header: 'RESULT', value: (r) => headline(r.metrics) },
            {
              header: 'SAMPLES/S',
              value: (r) => (r.system ? Math.round(r.system.samplesPerSecond) : null),
              align: 'right',
            },
            { header: 'MODEL', value: (r) => r.modelVersion },
            { header: 'CREATED', value: (r) => r.createdAt },
          ],
          opts,
        );
      });
    });

  runs
    .command('show <run>')
    .description('one run: config, per-epoch metrics, test metrics, system figures')
    .action(async (id: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const run = await getRun(ctx, id);
        if (opts.json) return printJson(run);
        printRecord(
          {
            run: run.id,
            status: run.status,
            template: run.template,
            dataset: `${run.dataset}@${run.datasetVersion} (${run.datasetHash.slice(0, 12)})`,
            model: run.modelVersion,
            result: headline(run.metrics),
            system: run.system,
            error: run.error?.message,
          },
          opts,
        );
        console.log('');
        printTable(
          run.epochs,
          [
            { header: 'EPOCH', value: (e) => e.epoch, align: 'right' },
            { header: 'LOSS', value: (e) => e.loss, align: 'right' },
            { header: 'ACC', value: (e) => e.accuracy ?? null, align: 'right' },
            { header: 'VAL LOSS', value: (e) => e.valLoss ?? null, align: 'right' },
            { header: 'VAL ACC', value: (e) => e.valAccuracy ?? null, align: 'right' },
            { header: 'LR', value: (e) => e.learningRate.toExponential(2), align: 'right' },
            { header: 'SECONDS', value: (e) => e.seconds, align: 'right' },
          ],
          opts,
        );
      });
    });

  runs
    .command('compare <a> <b>')
    .description(
      'two runs side by side: every metric with its change, and the config keys that differ',
    )
    .addHelpText('after', '\nExample:\n  qudao runs compare run_abc run_def')
    .action(async (a: string, b: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const diff = await compareRuns(ctx, a, b);
        if (opts.json) return printJson(diff);
        console.log(
          `A = ${diff.a.id} (${diff.a.template}), B = ${diff.b.id} (${diff.b.template})\n`,
        );
        printTable(
          diff.metrics.filter((m) => typeof m.a === 'number' || typeof m.b === 'number'),
          [
            { header: 'METRIC', value: (m) => m.key },
            { header: 'A', value: (m) => m.a as number, align: 'right' },
            { header: 'B', value: (m) => m.b as number, align: 'right' },
            { header: 'B − A', value: (m) => m.delta, align: 'right' },
          ],
          opts,
        );
        console.log('\nconfig differences:');
        printTable(
          diff.config,
          [
            { header: 'KEY', value: (c) => c.key },
            { header: 'A', value: (c) => formatCell(c.a) },
            { header: 'B', value: (c) => formatCell(c.b) },
          ],
          opts,
        );
      });
    });
}
