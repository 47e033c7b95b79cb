import { builtinNames, getDatasetVersion, importDataset, listDatasets } from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('import and inspect datasets');

  data
    .command('import <name>')
    .description(
      'import a dataset as a new immutable version (a built-in, or MNIST-style IDX files)',
    )
    .addOption(new Option('--builtin <dataset>', 'a built-in dataset').choices(builtinNames()))
    .option('--idx-images <file>', 'an IDX file of images [count, height, width]')
    .option('--idx-labels <file>', 'an IDX file of labels [count]')
    .option('--test-fraction <x>', 'share of rows held out for testing', parseFloat, 0.2)
    .option('--seed <n>', 'seed of the stratified split', (v) => Number.parseInt(v, 10), 42)
    .addHelpText('after', '\nExample:\n  qudao data import mnist --builtin mnist')
    .action(async (name: string, _opts, command: Command) => {
      const opts = optionsOf<{
        builtin?: string;
        idxImages?: string;
        idxLabels?: string;
        testFraction: number;
        seed: number;
      }>(command);
      const idx =
        opts.idxImages || opts.idxLabels
          ? { images: opts.idxImages ?? '', labels: opts.idxLabels ?? '' }
          : undefined;
      await withWorkspace(opts, async (ctx) => {
        const { version, created } = await importDataset(ctx, {
          name,
          builtin: opts.builtin,
          idx,
          testFraction: opts.testFraction,
          seed: opts.seed,
        });
        if (!opts.json) {
          console.log(
            created
              ? `imported ${version.dataset}@${version.version}`
              : `${version.dataset}@${version.version} already holds this content (hash ${version.hash.slice(0, 12)})`,
          );
        }
        printVersion(version, opts);
      });
    });

  data
    .command('list')
    .description('list datasets with their latest version')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const rows = await listDatasets(ctx);
        printTable(
          rows,
          [
            { header: 'NAME', value: (r) => r.name },
            { header: 'LATEST', value: (r) => `v${r.latest.version}` },
            { header: 'ROWS', value: (r) => r.latest.rowCount, align: 'right' },
            { header: 'KIND', value: (r) => r.latest.kind },
            { header: 'SHAPE', value: (r) => r.latest.shape.join('x') },
            { header: 'CLASSES', value: (r) => r.latest.classes.length, align: 'right' },
            { header: 'HASH', value: (r) => r.latest.hash.slice(0, 12) },
            { header: 'SOURCE', value: (r) => r.latest.source },
          ],
          opts,
        );
      });
    });

  data
    .command('show <name>')
    .description('show a dataset version: `name` (latest) or `name@version`')
    .action(async (ref: string, _opts, command: Command) => {
      const opts = optionsOf(command);
      const [name, version] = ref.split('@');
      await withWorkspace(opts, async (ctx) => {
        printVersion(
          await getDatasetVersion(ctx, name!, version ? Number(version) : undefined),
          opts,
        );
      });
    });
}

function printVersion(
  version: Awaited<ReturnType<typeof getDatasetVersion>>,
  opts: { json?: boolean },
) {
  const splits = version.splits;
  printRecord(
    {
      dataset: `${version.dataset}@${version.version}`,
      kind: `${version.kind} (${version.task})`,
      rows: version.rowCount,
      ...(version.kind === 'image' ? { shape: version.shape.join('x') } : {}),
      ...(version.columns
        ? { columns: version.columns.join(' '), target: version.targetName ?? '' }
        : {}),
      ...(version.task === 'classification'
        ? {
            classes: version.classes.join(' '),
            'label counts': Object.entries(version.labelDistribution)
              .map(([k, v]) => `${k}:${v}`)
              .join(' '),
          }
        : {}),
      ...(version.targetStats
        ? {
            'target range': `${version.targetStats.min} .. ${version.targetStats.max} (mean ${version.targetStats.mean.toFixed(3)})`,
          }
        : {}),
      ...(version.warnings.length ? { warnings: version.warnings.join('; ') } : {}),
      splits: `train ${splits.train}, ${splits.validation ? `validation ${splits.validation}, ` : ''}test ${splits.test} (seed ${splits.seed}${version.task === 'classification' ? ', stratified' : ''})`,
      ...(version.cleaning
        ? {
            cleaning: `${version.cleaning.inputRows} in, ${version.cleaning.keptRows} kept, ${version.cleaning.droppedRows} dropped (${Object.entries(
              version.cleaning.byRule,
            )
              .filter(([, r]) => r.dropped || r.fixed)
              .map(([k, r]) => `${k}: ${r.dropped} dropped${r.fixed ? `, ${r.fixed} fixed` : ''}`)
              .join('; ')})`,
          }
        : {}),
      ...(version.sources ? { sources: version.sources.join(', ') } : {}),
      hash: version.hash,
      parent: version.parent ?? '(none)',
      source: version.source,
      created: version.createdAt,
    },
    opts,
    version,
  );
}
