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
  printRecord(
    {
      dataset: `${version.dataset}@${version.version}`,
      rows: version.rowCount,
      shape: version.shape.join('x'),
      classes: version.classes.join(' '),
      'label counts': Object.entries(version.labelDistribution)
        .map(([k, v]) => `${k}:${v}`)
        .join(' '),
      splits: `train ${version.splits.train}, test ${version.splits.test} (seeded, stratified)`,
      hash: version.hash,
      source: version.source,
      created: version.createdAt,
    },
    opts,
    version,
  );
}
