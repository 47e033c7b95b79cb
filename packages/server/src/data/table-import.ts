import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  bindPlan,
  Cleaner,
  type ColumnInfo,
  planRow,
  planTable,
  type TableSource,
} from '@qudao/ml';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import { parseInput } from '../shared/validate.ts';
import { dataErrors } from './data.errors.ts';
import { type ImportTableInput, ImportTableSchema } from './data.schemas.ts';
import { BufferedFile, createStaging, FILES } from './dataset-files.ts';
import { openTableFile, throwIfAborted } from './file-source.ts';
import { resolveImportPath } from './import-paths.ts';
import { commitVersion } from './version-commit.ts';
import { type VersionSchema, VersionWriter } from './version-writer.ts';
import { archiveTableFile, isZip, unpackZip } from './zip-archive.ts';

/**
 * Imports one or more CSV/TSV/JSONL files as one new version: each source's columns are
 * renamed by its mapping, rows pass the cleaning rules (dropped rows go to `dropped.jsonl`,
 * counts and examples to `cleaning-report.json`), and every kept row remembers its source and
 * line. The data streams through; only a few bytes a row stay in memory. On any error the
 * staging folder is removed and no version is created.
 */
export async function importTable(
  ctx: AppContext,
  input: ImportTableInput,
  options: ImportOptions = {},
) {
  const request = parseInput(ImportTableSchema, input, 'table import');
  const resolved = await Promise.all(request.sources.map((s) => resolveImportPath(ctx, s.path)));
  return importTableAt(ctx, request, resolved, options);
}

export interface ImportOptions {
  /** Aborted when the caller has gone (an HTTP client that disconnected): the import stops. */
  signal?: AbortSignal;
}

/**
 * `importTable` over files already resolved (the import folders checked, or staged by the
 * server itself, as uploads are): each source's real path, in order.
 */
export async function importTableAt(
  ctx: AppContext,
  request: z.output<typeof ImportTableSchema>,
  resolved: string[],
  options: ImportOptions = {},
) {
  const unpacked: string[] = [];
  try {
    // A source given as a .zip is the one table file inside it, unpacked to a temporary folder.
    const files: string[] = [];
    for (const file of resolved) {
      if (!isZip(file)) {
        files.push(file);
        continue;
      }
      const dir = await unpackZip(file, ctx.paths.tmp, ctx.config);
      unpacked.push(dir);
      files.push(await archiveTableFile(dir, file));
    }
    return await importTableFiles(ctx, request, files, options.signal);
  } finally {
    for (const dir of unpacked) await rm(dir, { recursive: true, force: true });
  }
}

async function importTableFiles(
  ctx: AppContext,
  request: z.output<typeof ImportTableSchema>,
  files: string[],
  signal: AbortSignal | undefined,
) {
  const staging = await createStaging(ctx.paths.tmp);
  const dropped = new BufferedFile(path.join(staging, FILES.dropped));
  let writer: VersionWriter | undefined;
  try {
    const names = request.sources.map((s, i) => s.name ?? path.basename(files[i]!));
    const opened: TableSource[] = [];
    let expectedRows = 0;
    for (const [i, spec] of request.sources.entries()) {
      const source = await openTableFile(files[i]!, names[i]!, spec, ctx.config, signal);
      opened.push(source);
      if (source.bytesPerRow) expectedRows += (await stat(files[i]!)).size / source.bytesPerRow;
    }
    const cleaner = new Cleaner({
      off: request.clean.off,
      expectedRows: Math.ceil(expectedRows * 1.05),
    });
    const columns = mappedColumns(opened[0]!.columns, request.sources[0]!.mapping);
    const plan = planTable(columns, request);
    writer = new VersionWriter(staging, plan.kind);
    for (const [i, source] of opened.entries()) {
      const spec = request.sources[i]!;
      const mapped = mappedColumns(source.columns, spec.mapping);
      checkColumns(mapped, plan, source.name);
      // Positions of the mapped columns in this source's rows.
      const names = source.columns.map((c) => c.name);
      const from = spec.mapping ? Object.values(spec.mapping).map((c) => names.indexOf(c)) : null;
      const binding = bindPlan(
        plan,
        mapped.map((c) => c.name),
      );
      const labelValues = spec.labelValues;
      for await (const batch of source.batches) {
        throwIfAborted(signal);
        for (const [r, record] of batch.entries()) {
          if (r % 1024 === 1023) throwIfAborted(signal);
          cleaner.countInput();
          const fields = from ? from.map((j) => record.fields[j] ?? null) : record.fields;
          if (labelValues) {
            const v = fields[binding.label];
            const key = v === null || v === undefined ? '' : String(v).trim();
            if (Object.hasOwn(labelValues, key)) fields[binding.label] = labelValues[key]!;
          }
          const result = planRow(plan, binding, fields, cleaner, {
            source: source.name,
            line: record.line,
            keptIndex: writer.rowCount,
          });
          if ('dropped' in result) {
            await dropped.writeString(`${JSON.stringify(result.dropped)}\n`);
            continue;
          }
          await writer.append({
            ...result.row,
            ...(opened.length > 1 ? { source: i } : {}),
            sourceRow: record.line,
          });
        }
      }
    }
    throwIfAborted(signal);
    const removed = cleaner.rowsToRemove();
    const schemaBase: VersionSchema =
      plan.kind === 'tabular'
        ? {
            kind: 'tabular',
            columns: plan.features,
            task: plan.task,
            targetName: plan.label,
            classes: [],
            sources: names,
          }
        : { kind: 'text', classes: [], sources: names };
    const finished = await writer.finish(schemaBase, {
      rows: new Set(removed.keys()),
      onRemoved: async (row) => {
        const entry = removed.get(row.row)!;
        const record =
          plan.kind === 'text'
            ? { [plan.text!]: row.content, [plan.label]: row.label }
            : {
                ...Object.fromEntries(
                  plan.features.map((f, j) => [f, (row.content as number[])[j]]),
                ),
                [plan.label]: row.label ?? row.target,
              };
        const full = { ...entry, source: names[row.source ?? 0], line: row.sourceRow, record };
        await dropped.writeString(`${JSON.stringify(full)}\n`);
        const examples = cleaner.report.byRule.conflicting_labels!.examples;
        const example = examples.find((e) => e === entry);
        if (example) Object.assign(example, full);
      },
    });
    await dropped.close();
    if (writer.rowCount === 0) {
      throw dataErrors.empty('no rows are left after cleaning; see the dropped rows');
    }
    const report = { ...cleaner.report, plan, sources: names };
    await writeFile(path.join(staging, FILES.report), JSON.stringify(report, null, 2));
    return await commitVersion(ctx, {
      ...finished,
      name: request.name,
      staging,
      rowCount: writer.rowCount,
      testFraction: request.testFraction,
      validationFraction: request.validationFraction,
      seed: request.seed,
      source: names.map((n) => `file:${n}`).join(' + '),
      report,
    });
  } catch (error) {
    await writer?.abort().catch(() => {});
    await dropped.abort().catch(() => {});
    await rm(staging, { recursive: true, force: true });
    throw fromMlError(error);
  }
}

function mappedColumns(columns: ColumnInfo[], mapping?: Record<string, string>): ColumnInfo[] {
  if (!mapping) return columns;
  return Object.entries(mapping).map(([target, from]) => {
    const column = columns.find((c) => c.name === from);
    if (!column) {
      throw dataErrors.badMapping(
        `the mapping names column "${from}" (for "${target}"), which the source lacks; its columns: ${columns.map((c) => c.name).join(', ')}`,
      );
    }
    return { ...column, name: target };
  });
}

function checkColumns(
  columns: ColumnInfo[],
  plan: ReturnType<typeof planTable>,
  source: string,
): void {
  const have = new Set(columns.map((c) => c.name));
  const needed = [plan.label, ...(plan.text ? [plan.text] : []), ...plan.features];
  const missing = needed.filter((n) => !have.has(n));
  if (missing.length > 0) {
    throw dataErrors.badMapping(
      `source ${source} has no column ${missing.map((m) => `"${m}"`).join(', ')}; map its columns to the dataset's with a mapping`,
    );
  }
}
