import { readFile, writeFile } from 'node:fs/promises';
import {
  deleteVersion,
  exportVersion,
  getModelCard,
  importVersion,
  listAliases,
  listModels,
  modelEvents,
  parseModelRef,
  removeAlias,
  removeTag,
  resolveModelRef,
  setAlias,
  setModelCard,
  setTag,
} from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** In-process commands act as the workspace owner. */
const ACTOR = 'owner';

interface MetricsShape {
  test?: { accuracy?: number; loss?: number; rmse?: number; f1Macro?: number };
  trainSamplesPerSecond?: number;
  trainSeconds?: number;
}

/** `qudao models list|show|alias|…|delete`: the model registry. */
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
  models
    .command('show <ref>')
    .description('one version (name@version or name@alias) with its lineage, metrics and signature')
    .action(async (ref: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const v = await resolveModelRef(ctx, ref);
        printRecord(
          {
            version: `${v.model}@${v.version}`,
            template: v.template,
            dataset: `${v.dataset}@${v.datasetVersion} (${v.datasetHash.slice(0, 12)})`,
            signature: v.signature,
            test: (v.metrics as { test?: unknown }).test,
            artifactHash: v.artifactHash,
            backend: v.backend,
            created: v.createdAt,
          },
          opts,
          v,
        );
      });
    });

  models
    .command('alias <name> <alias> <version>')
    .description('point an alias (production, staging, champion, …) at a version; moves it if set')
    .addHelpText('after', '\nExample:\n  qudao models alias spam-clf production 3')
    .action(async (name: string, alias: string, version: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printTable(await setAlias(ctx, name, alias, Number(version), ACTOR), aliasColumns, opts);
      });
    });

  models
    .command('unalias <name> <alias>')
    .description('remove an alias')
    .action(async (name: string, alias: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(await removeAlias(ctx, name, alias, ACTOR), aliasColumns, opts),
      );
    });

  models
    .command('aliases <name>')
    .description('aliases of a model, with who set them and when')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(await listAliases(ctx, name), aliasColumns, opts),
      );
    });

  models
    .command('tag <ref> <key=value>')
    .description('tag a version (name@version); an empty value removes the tag')
    .action(async (ref: string, pair: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        const [key, ...rest] = pair.split('=');
        const value = rest.join('=');
        const tags = value
          ? await setTag(ctx, model, version, key!, value, ACTOR)
          : await removeTag(ctx, model, version, key!, ACTOR);
        printTable(
          tags,
          [
            { header: 'KEY', value: (t) => t.key },
            { header: 'VALUE', value: (t) => t.value },
            { header: 'SET BY', value: (t) => t.setBy },
            { header: 'SET AT', value: (t) => t.setAt },
          ],
          opts,
        );
      });
    });

  models
    .command('card <ref>')
    .description('show the model card; --set writes its text parts from a JSON file')
    .option(
      '--set <file>',
      'JSON with intendedUse, outOfScope, limitations, ethicalConsiderations, summary, owners',
    )
    .action(async (ref: string, _o, command: Command) => {
      const opts = optionsOf<{ set?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        const card = opts.set
          ? await setModelCard(
              ctx,
              model,
              version,
              JSON.parse(await readFile(opts.set, 'utf8')),
              ACTOR,
            )
          : await getModelCard(ctx, model, version);
        printJson(card);
      });
    });

  models
    .command('events <name>')
    .description('the audit trail of a model: registrations, alias moves, tags, imports, deletions')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await modelEvents(ctx, name),
          [
            { header: 'AT', value: (e) => e.at },
            { header: 'ACTION', value: (e) => e.action },
            { header: 'BY', value: (e) => e.actor },
            { header: 'DETAIL', value: (e) => JSON.stringify(e.detail) },
          ],
          opts,
        ),
      );
    });

  models
    .command('export <ref>')
    .description(
      'write a version as one file (.qudao-model): artifact, preprocessing, lineage, card',
    )
    .option('-o, --out <file>', 'output file (default <name>@<version>.qudao-model)')
    .action(async (ref: string, _o, command: Command) => {
      const opts = optionsOf<{ out?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        const { fileName, bytes } = await exportVersion(ctx, model, version);
        await writeFile(opts.out ?? fileName, bytes);
        printRecord(
          { exported: `${model}@${version}`, file: opts.out ?? fileName, bytes: bytes.byteLength },
          opts,
        );
      });
    });

  models
    .command('import <file>')
    .description('register a .qudao-model file as the next version of its model (or of --as)')
    .option('--as <name>', 'model name to register under')
    .action(async (file: string, _o, command: Command) => {
      const opts = optionsOf<{ as?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const v = await importVersion(ctx, await readFile(file), { as: opts.as, actor: ACTOR });
        printRecord(
          { imported: `${v.model}@${v.version}`, dataset: `${v.dataset}@${v.datasetVersion}` },
          opts,
          v,
        );
      });
    });

  models
    .command('delete <ref>')
    .description(
      'delete a version and free its artifact (refused while an alias or endpoint uses it)',
    )
    .action(async (ref: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        printRecord(await deleteVersion(ctx, model, version, ACTOR), opts);
      });
    });
}

const aliasColumns = [
  { header: 'ALIAS', value: (a: { alias: string }) => a.alias },
  {
    header: 'VERSION',
    value: (a: { version: number | null }) => a.version,
    align: 'right' as const,
  },
  { header: 'SET BY', value: (a: { setBy: string }) => a.setBy },
  { header: 'SET AT', value: (a: { setAt: string }) => a.setAt },
];
