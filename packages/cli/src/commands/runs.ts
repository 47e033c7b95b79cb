import { compareRuns, getRun, listRuns, startCrossValidation, startSearch } from '@qudao/server';
import type { Command } from 'commander';
import { formatCell, printJson, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { addTrainingOptions, followJob, type TrainFlags, trainingConfigOf } from './train.ts';

const headline = (metrics: Record<string, unknown> | null) => {
  const m = (metrics?.test ?? metrics?.validation ?? {}) as Record<string, number>;
  if (m.accuracy !== undefined)
    return `acc ${m.accuracy.toFixed(4)} f1 ${m.f1Macro?.toFixed(4) ?? '—'}`;
  if (m.rmse !== undefined) return `rmse ${m.rmse.toFixed(4)} r2 ${m.r2?.toFixed(4) ?? '—'}`;
  return null;
};

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

  addTrainingOptions(
    program.command('search').description('grid or random hyperparameter search as one job'),
  )
    .option(
      '--grid <json>',
      'values per key, e.g. \'{"learningRate":[0.01,0.001],"options.units":[32,64]}\'',
    )
    .option(
      '--random <json>',
      'lists or ranges per key, e.g. \'{"learningRate":{"min":1e-4,"max":1e-1,"scale":"log"}}\'',
    )
    .option('--trials <n>', 'random search: trials to draw', (v) => Number.parseInt(v, 10), 8)
    .option(
      '--objective <metric>',
      'rank trials by this validation metric (accuracy, f1Macro, rmse, …)',
    )
    .action(async (_o, command: Command) => {
      const opts = optionsOf<
        TrainFlags & { grid?: string; random?: string; trials: number; objective?: string }
      >(command);
      await withWorkspace(opts, async (ctx) => {
        const job = await startSearch(ctx, {
          base: trainingConfigOf(opts),
          strategy: opts.grid ? 'grid' : 'random',
          space: JSON.parse(opts.grid ?? opts.random ?? '{}'),
          trials: opts.trials,
          objective: opts.objective,
        });
        const done = await followJob(ctx, job.id, opts.json);
        const result = done.result as {
          objective: string;
          trials: {
            trial: number;
            values: unknown;
            status: string;
            metrics?: Record<string, number>;
          }[];
          best: unknown;
        };
        if (opts.json) return printJson(result);
        printTable(
          result.trials,
          [
            { header: 'TRIAL', value: (t) => t.trial, align: 'right' },
            { header: 'VALUES', value: (t) => JSON.stringify(t.values) },
            { header: 'STATUS', value: (t) => t.status },
            {
              header: result.objective.toUpperCase(),
              value: (t) => t.metrics?.[result.objective] ?? null,
              align: 'right',
            },
          ],
          opts,
        );
        console.log(`\nbest: ${JSON.stringify(result.best)}`);
      });
    });

  addTrainingOptions(
    program.command('cv').description('k-fold cross-validation: mean and spread of each metric'),
  )
    .option('--folds <k>', 'number of folds', (v) => Number.parseInt(v, 10), 5)
    .addHelpText(
      'after',
      '\nExample:\n  qudao cv --data iris --model logistic-regression --folds 5 --epochs 100 --lr 0.1',
    )
    .action(async (_o, command: Command) => {
      const opts = optionsOf<TrainFlags & { folds: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const job = await startCrossValidation(ctx, {
          config: trainingConfigOf(opts),
          folds: opts.folds,
        });
        const done = await followJob(ctx, job.id, opts.json);
        const result = done.result as {
          dataset: string;
          folds: number;
          rows: number;
          summary: Record<string, { mean: number; std: number }>;
        };
        if (opts.json) return printJson(result);
        console.log(
          `${result.folds}-fold cross-validation of ${opts.model} on ${result.dataset} (${result.rows} rows)`,
        );
        printTable(
          Object.entries(result.summary),
          [
            { header: 'METRIC', value: ([k]) => k },
            { header: 'MEAN', value: ([, v]) => v.mean, align: 'right' },
            { header: 'STD', value: ([, v]) => v.std, align: 'right' },
          ],
          opts,
        );
      });
    });
}
