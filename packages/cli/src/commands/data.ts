import {
  builtinNames,
  getDatasetVersion,
  importDataset,
  importTable,
  listDatasets,
  listDatasetVersions,
} from '@qudao/server';
import { type Command, Option } from 'commander';
import { printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { collect, type TableImportOptions, tableImportInput } from './data-import.ts';
import { registerDataLabelCommands } from './data-label.ts';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('import, clean, label and inspect datasets');

  data
    .command('import <name>')
    .description(
      'import a dataset as a new immutable version: a built-in, IDX files, or CSV/TSV/JSONL files (cleaned, merged)',
    )
    .addOption(new Option('--builtin <dataset>', 'a built-in dataset').choices(builtinNames()))
    .option('--idx-images <file>', 'an IDX file of images [count, height, width]')
    .option('--idx-labels <file>', 'an IDX file of labels [count]')
    .option('--cifar <path>', 'a CIFAR-10 binary batch, or a folder of data_batch_*.bin')
    .option('--image-folder <dir>', 'a folder (or .zip) with one sub-folder of images per class')
    .option('--text-folder <dir>', 'a folder (or .zip) with one sub-folder of text files per class')
    .option(
      '--shape <HxWxC>',
      'image size for --image-folder, C 1 (grayscale) or 3 (RGB)',
      '28x28x1',
    )
    .option(
      '--file <path>',
      'a CSV, TSV or JSONL file (.gz, or alone in a .zip); repeat to merge sources',
      collect,
    )
    .option(
      '--map <spec>',
      'column mapping of the matching --file: dataset=file,… (label:1=spam renames values)',
      collect,
    )
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'tsv', 'jsonl']))
    .option('--label <column>', 'the label (target) column')
    .option('--text <column>', 'the text column (makes a text dataset)')
    .option('--features <columns>', 'feature columns, comma-separated (default: every numeric one)')
    .addOption(
      new Option('--task <task>', 'default: guessed').choices(['classification', 'regression']),
    )
    .option('--range <col=min:max>', 'allowed range of a column (out_of_range rule)', collect)
    .option('--clean-off <rules>', 'cleaning rules to switch off, comma-separated')
    .option('--keep-unlabeled', 'keep rows with a blank label for the labeling queue')
    .option('--test-fraction <x>', 'share of rows held out for testing', parseFloat, 0.2)
    .option('--validation-fraction <x>', 'share of rows held out for validation', parseFloat, 0)
    .option('--seed <n>', 'seed of the stratified split', (v) => Number.parseInt(v, 10), 42)
    .addHelpText(
      'after',
      `
Examples:
  qudao data import spam --builtin spam
  qudao data import churn --file customers.csv --label churned --range age=0:120
  qudao data import feedback --file crm.csv --map text=Message,label=Verdict \\
      --file tickets.jsonl --map text=body,label=kind,label:bug=complaint --text text --label label`,
    )
    .action(async (name: string, _opts, command: Command) => {
      const opts = optionsOf<
        TableImportOptions & {
          builtin?: string;
          idxImages?: string;
          idxLabels?: string;
          cifar?: string;
          imageFolder?: string;
          textFolder?: string;
          shape: string;
        }
      >(command);
      const [height, width, channels] = opts.shape.split('x').map(Number);
      const folder = opts.imageFolder
        ? {
            path: opts.imageFolder,
            type: 'images' as const,
            height,
            width,
            channels: channels === 3 ? (3 as const) : (1 as const),
          }
        : opts.textFolder
          ? { path: opts.textFolder, type: 'texts' as const }
          : undefined;
      const idx =
        opts.idxImages || opts.idxLabels
          ? { images: opts.idxImages ?? '', labels: opts.idxLabels ?? '' }
          : undefined;
      await withWorkspace(opts, async (ctx) => {
        const { version, created } = opts.file?.length
          ? await importTable(ctx, tableImportInput(name, opts))
          : await importDataset(ctx, {
              name,
              builtin: opts.builtin,
              idx,
              cifar: opts.cifar,
              folder,
              clean: { off: (opts.cleanOff?.split(',') ?? []) as never[] },
              testFraction: opts.testFraction,
              validationFraction: opts.validationFraction,
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
    .command('versions <name>')
    .description('list every version of a dataset with its parent')
    .action(async (name: string, _opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printTable(
          await listDatasetVersions(ctx, name),
          [
            { header: 'VERSION', value: (v) => `v${v.version}` },
            { header: 'ROWS', value: (v) => v.rowCount, align: 'right' },
            { header: 'KIND', value: (v) => v.kind },
            { header: 'HASH', value: (v) => v.hash.slice(0, 12) },
            { header: 'PARENT', value: (v) => v.parent ?? '' },
            { header: 'SOURCE', value: (v) => v.source },
          ],
          opts,
        );
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
  registerDataLabelCommands(data);
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
