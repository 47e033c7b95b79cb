import { evaluateVersion } from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval <model>')
    .description('score a model version (name@version or name@alias) on a dataset split')
    .requiredOption('--data <name>', 'dataset name, or name@version')
    .option('--split <split>', 'train, test or validation', 'test')
    .addHelpText(
      'after',
      '\nExamples:\n  qudao eval mnist-cnn@1 --data mnist\n  qudao eval spam-text-lstm@production --data spam --split test --json',
    )
    .action(async (ref: string, _o, command: Command) => {
      const opts = optionsOf<{ data: string; split: 'train' | 'test' | 'validation' }>(command);
      await withWorkspace(opts, async (ctx) => {
        const [dataset, version] = opts.data.split('@');
        const result = await evaluateVersion(ctx, {
          model: ref,
          dataset: dataset!,
          datasetVersion: version ? Number(version) : undefined,
          split: opts.split,
        });
        if (opts.json) return printJson(result);
        console.log(
          `${result.model} on ${result.dataset} (${result.split}, ${result.report.samples} rows)\n`,
        );
        const c = result.report.classification;
        if (c) {
          console.log(
            `accuracy ${percent(c.accuracy)}  log loss ${c.logLoss.toFixed(4)}  ROC-AUC ${c.rocAuc?.toFixed(4) ?? '—'}`,
          );
          console.log(
            `macro P/R/F1 ${c.macro.precision.toFixed(4)} / ${c.macro.recall.toFixed(4)} / ${c.macro.f1.toFixed(4)}  micro F1 ${c.micro.f1.toFixed(4)}\n`,
          );
          printTable(
            c.perClass,
            [
              { header: 'CLASS', value: (s) => s.class },
              { header: 'PRECISION', value: (s) => s.precision, align: 'right' },
              { header: 'RECALL', value: (s) => s.recall, align: 'right' },
              { header: 'F1', value: (s) => s.f1, align: 'right' },
              { header: 'SUPPORT', value: (s) => s.support, align: 'right' },
            ],
            opts,
          );
          console.log('\nconfusion matrix (rows: actual, columns: predicted)');
          const width =
            Math.max(
              ...c.confusionMatrix.flat().map((v) => String(v).length),
              ...c.perClass.map((s) => s.class.length),
            ) + 1;
          console.log(
            `${''.padStart(width)} ${c.perClass.map((s) => s.class.slice(0, width).padStart(width)).join(' ')}`,
          );
          c.confusionMatrix.forEach((row, i) => {
            console.log(
              `${c.perClass[i]!.class.slice(0, width).padStart(width)} ${row.map((v) => String(v).padStart(width)).join(' ')}`,
            );
          });
        } else {
          const r = result.report.regression!;
          printTable(
            [
              { name: 'model', ...r },
              { name: 'mean baseline', ...r.meanBaseline },
            ],
            [
              { header: '', value: (x) => x.name },
              { header: 'RMSE', value: (x) => x.rmse, align: 'right' },
              { header: 'MAE', value: (x) => x.mae, align: 'right' },
              { header: 'MSE', value: (x) => x.mse, align: 'right' },
              { header: 'R²', value: (x) => x.r2, align: 'right' },
            ],
            opts,
          );
        }
      });
    });
}
