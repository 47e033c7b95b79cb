import { startCrossValidation } from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { addTrainingOptions, followJob, type TrainFlags, trainingConfigOf } from './train.ts';

/** `qudao cv`: k-fold cross-validation. */
export function registerCrossValidationCommand(program: Command): void {
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
