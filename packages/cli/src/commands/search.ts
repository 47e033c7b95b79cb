import { startSearch } from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { addTrainingOptions, followJob, type TrainFlags, trainingConfigOf } from './train.ts';

/** `qudao search`: a hyperparameter search as one job. */
export function registerSearchCommand(program: Command): void {
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
}
