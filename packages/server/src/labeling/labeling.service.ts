import { cohensKappa, createRng, type LoadedDataset } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import {
  findVersionRow,
  importLoadedDataset,
  loadVersionRows,
  rowContent,
  rowLabel,
  UNLABELED,
} from '../data/data.service.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { labelingErrors } from './labeling.errors.ts';
import {
  type AnswerInput,
  AnswerSchema,
  type LabelAnswerView,
  type LabelingStatsView,
  type NextItemInput,
  NextItemSchema,
  type NextItemView,
  type OpenQueueInput,
  OpenQueueSchema,
} from './labeling.schemas.ts';
import * as store from './labeling.store.ts';
import { scoreLabelingQueue } from './labeling-scores.service.ts';

/**
 * Opens (or extends) the labeling queue of a dataset version: its unlabelled rows, or all rows
 * (to label twice and measure agreement), optionally a seeded sample of `limit` of them.
 */
export async function openLabelingQueue(
  ctx: AppContext,
  input: OpenQueueInput,
): Promise<LabelingStatsView> {
  const request = parseInput(OpenQueueSchema, input, 'labeling queue');
  const row = await findVersionRow(ctx, request.dataset, request.version);
  const { full } = await loadVersionRows(ctx, row);
  const labels = labelsOf(full);
  let rows = Array.from({ length: row.row_count }, (_, i) => i).filter(
    (i) => request.rows === 'all' || labels?.[i] === UNLABELED,
  );
  if (request.limit !== undefined && rows.length > request.limit) {
    const rng = createRng(request.seed);
    rows = rows
      .map((r) => ({ r, k: rng() }))
      .sort((a, b) => a.k - b.k)
      .slice(0, request.limit)
      .map((x) => x.r)
      .sort((a, b) => a - b);
  }
  const now = nowIso();
  await store.insertItems(
    ctx.db,
    rows.map((r) => ({
      id: newId('lbi'),
      dataset_version_id: row.id,
      row: r,
      reason: labels?.[r] === UNLABELED ? 'unlabeled' : 'review',
      confidence: null,
      position: r,
      created_at: now,
    })),
  );
  const scores = request.model ? await scoreLabelingQueue(ctx, row, request.model) : undefined;
  return { ...(await labelingStats(ctx, request.dataset, row.version)), scores };
}

function labelsOf(dataset: LoadedDataset): Uint16Array | undefined {
  return dataset.kind === 'tabular' ? dataset.labels : dataset.labels;
}

/**
 * The next item for `labeler`: one they have not answered and that has fewer than
 * `answersPerItem` answers, in row order, at random, or least-confident-first by the scores
 * a model gave (`model` here or when opening, or `setConfidences`). Null when nothing is left.
 */
export async function nextLabelingItem(
  ctx: AppContext,
  input: NextItemInput,
): Promise<NextItemView> {
  const request = parseInput(NextItemSchema, input, 'labeling request');
  const row = await findVersionRow(ctx, request.dataset, request.version);
  if (request.order === 'least-confident' && request.model) {
    await scoreLabelingQueue(ctx, row, request.model, true);
  }
  const items = await store.listItems(ctx.db, row.id);
  const answers = await store.listAnswers(ctx.db, row.id);
  const byItem = new Map<string, string[]>();
  for (const a of answers) byItem.set(a.item_id, [...(byItem.get(a.item_id) ?? []), a.labeler]);
  const open = items.filter((item) => {
    const who = byItem.get(item.id) ?? [];
    return !who.includes(request.labeler) && who.length < request.answersPerItem;
  });
  if (open.length === 0) return { item: null, remaining: 0 };
  let item = open[0]!;
  if (request.order === 'random') {
    item = open[Math.floor(Math.random() * open.length)]!;
  } else if (request.order === 'least-confident') {
    item = open.reduce((best, it) =>
      (it.confidence ?? Number.POSITIVE_INFINITY) < (best.confidence ?? Number.POSITIVE_INFINITY)
        ? it
        : best,
    );
  }
  const { full, view } = await loadVersionRows(ctx, row);
  return {
    item: {
      id: item.id,
      row: item.row,
      reason: item.reason,
      confidence: item.confidence,
      classes: view.classes,
      currentLabel: rowLabel(full, item.row),
      content: rowContent(full, item.row),
    },
    remaining: open.length,
  };
}

/** Records `labeler`'s answer (a class of the dataset) for an item, with the time. */
export async function answerLabelingItem(
  ctx: AppContext,
  input: AnswerInput,
): Promise<LabelAnswerView> {
  const request = parseInput(AnswerSchema, input, 'label answer');
  const item = await store.findItem(ctx.db, request.itemId);
  if (!item) throw labelingErrors.itemNotFound(request.itemId);
  const row = await findVersionRow(ctx, request.dataset);
  const version = row.id === item.dataset_version_id ? row : undefined;
  const { view } = await loadVersionRows(ctx, version ?? row);
  if (!view.classes.includes(request.label))
    throw labelingErrors.unknownClass(request.label, view.classes);
  await store.upsertAnswer(ctx.db, {
    id: newId('lba'),
    item_id: item.id,
    labeler: request.labeler,
    label: request.label,
    created_at: nowIso(),
  });
  return { itemId: item.id, labeler: request.labeler, label: request.label };
}

/** Model scores for least-confident-first serving: the top class probability per row. */
export async function setConfidences(
  ctx: AppContext,
  dataset: string,
  scores: { row: number; confidence: number }[],
  version?: number,
) {
  const row = await findVersionRow(ctx, dataset, version);
  for (const s of scores) await store.setConfidence(ctx.db, row.id, s.row, s.confidence);
  return { updated: scores.length };
}

/**
 * Progress and agreement: items, answered items, answers per labeler, items two people
 * labelled with their Cohen's kappa per pair, and disputed items (answers disagree).
 */
export async function labelingStats(
  ctx: AppContext,
  dataset: string,
  version?: number,
): Promise<LabelingStatsView> {
  const row = await findVersionRow(ctx, dataset, version);
  const items = await store.listItems(ctx.db, row.id);
  const answers = await store.listAnswers(ctx.db, row.id);
  const byItem = groupByItem(answers);
  const byLabeler: Record<string, number> = {};
  for (const a of answers) byLabeler[a.labeler] = (byLabeler[a.labeler] ?? 0) + 1;
  const people = Object.keys(byLabeler).sort();
  const agreement: LabelingStatsView['agreement'] = [];
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      const pairs: [string, string][] = [];
      for (const labels of byItem.values()) {
        const a = labels.get(people[i]!);
        const b = labels.get(people[j]!);
        if (a !== undefined && b !== undefined) pairs.push([a, b]);
      }
      if (pairs.length > 0) {
        agreement.push({
          labelers: [people[i]!, people[j]!],
          items: pairs.length,
          kappa: cohensKappa(pairs)!,
        });
      }
    }
  }
  const disputed = [...byItem.values()].filter((m) => new Set(m.values()).size > 1).length;
  return {
    dataset: row.dataset,
    version: row.version,
    items: items.length,
    answered: byItem.size,
    byLabeler,
    agreement,
    disputed,
  };
}

function groupByItem(answers: Awaited<ReturnType<typeof store.listAnswers>>) {
  const byItem = new Map<string, Map<string, string>>();
  for (const a of answers) {
    const m = byItem.get(`${a.row}`) ?? new Map<string, string>();
    m.set(a.labeler, a.label);
    byItem.set(`${a.row}`, m);
  }
  return byItem;
}

/**
 * Writes the labelled set as the dataset's next version (parent: the labelled version): each
 * answered row takes its majority label; rows with tied answers stay as they were.
 */
export async function exportLabeledVersion(ctx: AppContext, dataset: string, version?: number) {
  const row = await findVersionRow(ctx, dataset, version);
  const { full, view } = await loadVersionRows(ctx, row);
  const answers = await store.listAnswers(ctx.db, row.id);
  const labels = labelsOf(full);
  if (!labels) throw labelingErrors.noClasses();
  const next = new Uint16Array(labels);
  let changed = 0;
  for (const [key, votes] of groupByItem(answers)) {
    const counts = new Map<string, number>();
    for (const label of votes.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked.length > 1 && ranked[0]![1] === ranked[1]![1]) continue;
    const index = view.classes.indexOf(ranked[0]![0]);
    if (next[Number(key)] !== index) changed++;
    next[Number(key)] = index;
  }
  const relabelled = { ...full, labels: next } as LoadedDataset;
  const settings = { testFraction: 0.2, seed: view.splits.seed ?? 42 };
  const total = view.splits.train + view.splits.test + view.splits.validation;
  if (total > 0) settings.testFraction = Math.min(0.9, Math.max(0.01, view.splits.test / total));
  const result = await importLoadedDataset(ctx, dataset, relabelled, {
    ...settings,
    source: `labeling:${dataset}@${row.version} (${changed} rows labelled)`,
    parentId: row.id,
  });
  return { ...result, changed };
}
