import {
  exportLabeledVersion,
  labelingStats,
  loadKFoldDataset,
  openLabelingQueue,
} from '@qudao/server';
import type { Command } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const rowsOf = (d: { kind: string; rowCount?: number; labels?: ArrayLike<number> }) =>
  d.kind === 'tabular' ? (d.rowCount ?? 0) : (d.labels?.length ?? 0);

/** `qudao data label …` (the labeling queue) and `qudao data folds` (k-fold sizes). */
export function registerDataLabelCommands(data: Command): void {
  const label = data
    .command('label')
    .description('the labeling queue: open it, see progress and agreement, save the labels');

  label
    .command('open <name>')
    .description('queue the unlabelled rows (or --all rows, for two-person agreement)')
    .option('--all', 'queue every row')
    .option('--limit <n>', 'a seeded sample of at most n rows', (v) => Number.parseInt(v, 10))
    .option(
      '--model <model@version>',
      'score the items with this model version, for least-confident-first order',
    )
    .addHelpText(
      'after',
      '\nExample: qudao data label open inbox --model triage@2\nThen label in the console: #/labeling?dataset=<name> (order: least confident)',
    )
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{ all?: boolean; limit?: number; model?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const stats = await openLabelingQueue(ctx, {
          dataset: name,
          rows: opts.all ? 'all' : 'unlabeled',
          limit: opts.limit,
          model: opts.model,
        });
        printRecord(
          {
            dataset: `${stats.dataset}@${stats.version}`,
            items: stats.items,
            answered: stats.answered,
            ...(stats.scores ? { scored: `${stats.scores.scored} by ${stats.scores.model}` } : {}),
          },
          opts,
          stats,
        );
      });
    });

  label
    .command('stats <name>')
    .description("progress, answers per person, Cohen's kappa of each pair, disputed items")
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const stats = await labelingStats(ctx, name);
        printRecord(
          {
            dataset: `${stats.dataset}@${stats.version}`,
            answered: `${stats.answered} of ${stats.items}`,
            labelers: Object.entries(stats.byLabeler)
              .map(([k, v]) => `${k}:${v}`)
              .join(' '),
            agreement:
              stats.agreement
                .map(
                  (a) => `${a.labelers.join('&')} kappa ${a.kappa.toFixed(3)} (${a.items} items)`,
                )
                .join('; ') || '(no item labelled twice)',
            disputed: stats.disputed,
          },
          opts,
          stats,
        );
      });
    });

  label
    .command('export <name>')
    .description('save the answers (majority label per row) as the next version')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const { version, changed } = await exportLabeledVersion(ctx, name);
        printRecord(
          {
            dataset: `${version.dataset}@${version.version}`,
            parent: version.parent ?? '',
            labelled: changed,
          },
          opts,
          version,
        );
      });
    });

  data
    .command('folds <name>')
    .description('k-fold cross-validation folds of the train split (seeded, stratified)')
    .option('--k <k>', 'number of folds', (v) => Number.parseInt(v, 10), 5)
    .option('--seed <n>', 'seed', (v) => Number.parseInt(v, 10), 42)
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{ k: number; seed: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const cv = await loadKFoldDataset(ctx, name, { k: opts.k, seed: opts.seed });
        printTable(
          cv.folds.map((f, i) => ({
            fold: i + 1,
            train: rowsOf(f.train),
            validation: rowsOf(f.validation),
          })),
          [
            { header: 'FOLD', value: (r) => r.fold },
            { header: 'TRAIN', value: (r) => r.train, align: 'right' },
            { header: 'VALIDATION', value: (r) => r.validation, align: 'right' },
          ],
          opts,
        );
      });
    });
}
