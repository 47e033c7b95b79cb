import {
  currentModels,
  formatMinor,
  getDealScores,
  getForecasts,
  getOpportunities,
  getScores,
  getSegments,
  refreshIntelligence,
} from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { registerInquiryCommands } from './intelligence-inquiries.ts';

const int = (v: string) => Number.parseInt(v, 10);
const fixed = (v: number | null, digits = 3) => (v === null ? '–' : v.toFixed(digits));

type Figures = Awaited<ReturnType<typeof currentModels>>['models'];

/** Every model's held-out figure next to its baseline, with the version and data behind it. */
export function printFigures(models: Figures) {
  printTable(
    models,
    [
      { header: 'MODEL', value: (m) => m.model },
      { header: 'VERSION', value: (m) => m.version.ref },
      { header: 'DATA SET', value: (m) => m.version.dataset },
      { header: 'HELD OUT', value: (m) => `${m.version.heldOut.from}…${m.version.heldOut.to}` },
      { header: 'METRIC', value: (m) => `${m.metric}${m.higherIsBetter ? ' ↑' : ' ↓'}` },
      { header: 'VALUE', value: (m) => fixed(m.value), align: 'right' },
      { header: 'BASELINE', value: (m) => fixed(m.baseline.value), align: 'right' },
      { header: '', value: (m) => (m.beatsBaseline ? 'beats baseline' : 'does NOT beat baseline') },
    ],
    {},
  );
}

export function registerIntelligenceCommands(program: Command): void {
  const intel = program
    .command('intelligence')
    .description(
      'the platform’s own models: segments, churn and value scores, deals, inquiries, forecasts, opportunities',
    );
  intel
    .command('refresh')
    .description('rebuild the data sets from the business and retrain every model that changed')
    .option('--as-of <YYYY-MM>', 'the last month of data (default: the last closed billing period)')
    .option('--epochs <n>', 'epochs of the triage text model', int)
    .option('--max-train-rows <n>', 'most recent inquiries the triage model trains on', int)
    .option('--skip-triage', 'keep the triage model as it is (its training is the slow part)')
    .addHelpText(
      'after',
      '\nExample:\n  qudao intelligence refresh\n  qudao intelligence refresh --as-of 2025-06 --json',
    )
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{
        asOf?: string;
        epochs?: number;
        maxTrainRows?: number;
        skipTriage?: boolean;
      }>(command);
      await withWorkspace(opts, async (ctx) => {
        const started = Date.now();
        const view = await refreshIntelligence(
          ctx,
          {
            asOf: opts.asOf,
            skipTriage: opts.skipTriage,
            triage:
              opts.epochs || opts.maxTrainRows
                ? { epochs: opts.epochs, maxTrainRows: opts.maxTrainRows }
                : undefined,
          },
          {
            onStep: opts.json
              ? undefined
              : (s) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${s}`),
          },
        );
        if (opts.json) return printJson(view);
        console.log(`refresh ${view.id} on data before ${view.asOf.slice(0, 10)}`);
        printFigures(view.models);
      });
    });
  intel
    .command('show')
    .description(
      'the current models: versions, data set versions, held-out figures against baselines',
    )
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const view = await currentModels(ctx);
        if (opts.json) return printJson(view);
        console.log(
          `refreshed ${view.finishedAt?.slice(0, 16).replace('T', ' ')} on data before ${view.asOf.slice(0, 10)}`,
        );
        printFigures(view.models);
      });
    });
  intel
    .command('scores')
    .description('customers by churn risk (or --kind high_value), with the reasons')
    .option('--kind <churn|high_value>', 'which score', 'churn')
    .option('--limit <n>', 'rows', int, 20)
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ kind: string; limit: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await getScores(ctx, { kind: opts.kind, limit: opts.limit });
        if (!opts.json)
          console.log(`${r.kind} scores by ${r.modelVersion.ref} (data ${r.modelVersion.dataset})`);
        printTable(
          r.customers,
          [
            { header: '#', value: (c) => c.rank, align: 'right' },
            { header: 'CUSTOMER', value: (c) => c.customerName },
            { header: 'P', value: (c) => percent(c.probability), align: 'right' },
            {
              header: 'REASONS',
              value: (c) => c.reasons.map((x) => `${x.feature}=${x.value}`).join(', '),
            },
          ],
          opts,
          r,
        );
      });
    });
  intel
    .command('segments')
    .description('customer segments (RFM and k-means) per segment')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await getSegments(ctx);
        if (opts.json) return printJson(r);
        console.log(
          `segments by ${r.modelVersion.ref}: k = ${r.k}, silhouette ${r.silhouette.toFixed(3)}`,
        );
        const counts = new Map<string, number>();
        for (const c of r.customers) counts.set(c.segment, (counts.get(c.segment) ?? 0) + 1);
        printTable(
          [...counts].sort((a, b) => b[1] - a[1]),
          [
            { header: 'SEGMENT', value: ([s]) => s },
            { header: 'CUSTOMERS', value: ([, n]) => n, align: 'right' },
          ],
          {},
        );
      });
    });
  intel
    .command('deals')
    .description('the open pipeline by expected value (win probability × value)')
    .option('--limit <n>', 'rows', int, 20)
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ limit: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await getDealScores(ctx);
        if (!opts.json) console.log(`deal scores by ${r.modelVersion.ref}`);
        printTable(
          r.deals.slice(0, opts.limit),
          [
            { header: 'COMPANY', value: (d) => d.company },
            { header: 'STAGE', value: (d) => d.stage },
            {
              header: 'VALUE',
              value: (d) => formatMinor(d.valueMinor, d.currency),
              align: 'right',
            },
            { header: 'P(WIN)', value: (d) => percent(d.winProbability), align: 'right' },
            { header: 'NAIVE BAYES', value: (d) => percent(d.baselineProbability), align: 'right' },
            {
              header: 'EXPECTED',
              value: (d) => formatMinor(d.expectedValueMinor, d.currency),
              align: 'right',
            },
          ],
          opts,
          r,
        );
      });
    });
  intel
    .command('forecasts')
    .description(
      'monthly forecasts with ~80% intervals, and the held-out months against seasonal naive',
    )
    .option('--by <product|partner|channel>', 'series', 'channel')
    .option('--metric <usage|revenue>', 'what is forecast', 'revenue')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ by: string; metric: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await getForecasts(ctx, { by: opts.by, metric: opts.metric });
        if (opts.json) return printJson(r);
        console.log(`${opts.metric} forecasts by ${r.modelVersion.ref}`);
        for (const s of r.series) {
          const next = s.forecast.map(
            (f) =>
              `${f.month} ${Math.round(f.mean)} [${Math.round(f.lower)}–${Math.round(f.upper)}]`,
          );
          console.log(`  ${s.name}: ${next.slice(0, 3).join(', ')}`);
        }
      });
    });
  intel
    .command('opportunities')
    .description('region × industry cells ranked by the revenue one more partner would add')
    .option('--limit <n>', 'rows', int, 10)
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ limit: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await getOpportunities(ctx);
        if (!opts.json) console.log(`opportunities by ${r.modelVersion.ref}`);
        printTable(
          r.cells.slice(0, opts.limit),
          [
            { header: '#', value: (c) => c.rank, align: 'right' },
            { header: 'CELL', value: (c) => `${c.region} × ${c.industry}` },
            { header: 'PARTNERS', value: (c) => c.partners, align: 'right' },
            {
              header: 'ADDED/YEAR',
              value: (c) => formatMinor(c.addedRevenueMinor, 'USD'),
              align: 'right',
            },
            { header: 'WHY', value: (c) => c.reasons.join('; ') },
          ],
          opts,
          r,
        );
      });
    });
  registerInquiryCommands(intel);
}

type IntelligenceSections = NonNullable<import('@qudao/server').ChannelReport['intelligence']>;

/** The channel report's intelligence sections, each with the model version that made it. */
export function printIntelligenceSections(i: IntelligenceSections | null) {
  if (!i) {
    console.log('\n7 intelligence        – (run `qudao intelligence refresh`)');
    return;
  }
  console.log(
    `\n7 intelligence        refresh ${i.refreshId} on data before ${i.asOf.slice(0, 10)}`,
  );
  printFigures(i.models);
  const skipped = (what: string) => console.log(`  ${what}: – (skipped in this refresh)`);
  if (i.segments) {
    console.log(
      `\n  segments (${i.segments.modelVersion}, k = ${i.segments.k}): ${i.segments.counts.map((c) => `${c.segment} ${c.customers}`).join(', ')}`,
    );
  } else skipped('segments');
  if (i.churnRisks) {
    console.log(`  top churn risks (${i.churnRisks.modelVersion}):`);
    for (const c of i.churnRisks.customers) {
      console.log(
        `    ${c.customerName.padEnd(22)} ${percent(c.probability).padStart(7)}  ${c.reasons.map((r) => `${r.feature}=${r.value}`).join(', ')}`,
      );
    }
  } else skipped('churn risks');
  const p = i.pipeline;
  if (p) {
    console.log(
      `  scored pipeline (${p.modelVersion}): ${p.openDeals} open deals, expected ${formatMinor(p.expectedValueMinor, 'USD')} USD`,
    );
    for (const d of p.top) {
      console.log(
        `    ${d.company.padEnd(22)} ${d.stage.padEnd(10)} ${formatMinor(d.valueMinor, d.currency).padStart(12)}  P(win) ${percent(d.winProbability)} (naive Bayes ${percent(d.baselineProbability)})`,
      );
    }
  } else skipped('scored pipeline');
  const q = i.inquiries;
  console.log(
    `  routed inquiries (${q.modelVersion ?? 'no triage model'}): ${q.routed} routed, ${q.needsReview} waiting for a person, ${q.corrected} corrected`,
  );
  if (i.opportunities) {
    console.log(`  top opportunities (${i.opportunities.modelVersion}):`);
    for (const c of i.opportunities.top) {
      console.log(
        `    ${`${c.region} × ${c.industry}`.padEnd(22)} +${formatMinor(c.addedRevenueMinor, 'USD')} USD a year with one more partner (${c.reasons.join('; ')})`,
      );
    }
  } else skipped('opportunities');
  if (i.forecast) {
    console.log(`  forecast vs actual, revenue by channel (${i.forecast.modelVersion}):`);
    for (const f of i.forecast.byChannel) {
      console.log(
        `    ${f.channel.padEnd(12)} ${f.month} forecast ${formatMinor(Math.round(f.forecast), 'USD').padStart(11)}  seasonal naive ${formatMinor(Math.round(f.baseline), 'USD').padStart(11)}  actual ${formatMinor(Math.round(f.actual), 'USD').padStart(11)}  next ${f.next.month} ${formatMinor(Math.round(f.next.mean), 'USD')}`,
      );
    }
  } else skipped('forecast');
}
