/**
 * The must-show figures of channel intelligence (issue 15), in one run on the demo company in a
 * fresh temporary workspace: every model's held-out figure next to its baseline (a model that
 * does not beat its baseline says so), triage macro-F1 in Chinese and in English and on the
 * SpamAssassin proxy, the silhouette of the chosen k, and the lineage check (a second refresh
 * on unchanged data gives the same versions).
 * Usage: npm run must-show:intelligence [-- --epochs 3 --max-train-rows 12000 --spam-per-class 800]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  closeContext,
  createContext,
  evaluateSpamTriage,
  refreshIntelligence,
  seedChannelsDemo,
} from '@qudao/server';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const f = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const home = await mkdtemp(path.join(tmpdir(), 'qudao-must-show-intel-'));
const ctx = await createContext({ home, logLevel: 'silent' });
console.log(`workspace ${home}, backend ${ctx.backend.name}`);
try {
  // The demo sells two endpoints; their rows are enough (no digits model is trained here).
  for (const name of ['digits', 'digits-pro']) {
    const at = new Date().toISOString();
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: `ep_${name}`,
        name,
        model_version_id: 'mv',
        status: 'active',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  let started = performance.now();
  const seeded = await seedChannelsDemo(ctx, {
    endpoints: ['digits', 'digits-pro'],
    scale: 'company',
  });
  console.log(
    `\ndemo company (qudao demo --channels): ${seeded.partners} partners, ${seeded.customers} customers, ${seeded.periods} months, ${seeded.usageEvents} usage events, ${'tickets' in seeded ? seeded.tickets : 0} tickets, ${seeded.deals} deals — seeded in ${seconds(started)}`,
  );

  started = performance.now();
  const budget = { epochs: arg('epochs', 3), maxTrainRows: arg('max-train-rows', 12_000) };
  const first = await refreshIntelligence(ctx, { triage: budget });
  console.log(
    `\nqudao intelligence refresh (${first.id}, data before ${first.asOf.slice(0, 10)}) in ${seconds(started)}`,
  );
  console.log(
    '\nMODEL          VERSION                       DATA SET                      TRAINED ON        HELD OUT          METRIC       MODEL   BASELINE  VERDICT',
  );
  for (const m of first.models) {
    console.log(
      [
        m.model.padEnd(14),
        m.version.ref.padEnd(29),
        `${m.version.dataset} ${m.version.datasetHash.slice(0, 8)}`.padEnd(29),
        `${m.version.trainedOn.from}…${m.version.trainedOn.to}`.padEnd(17),
        `${m.version.heldOut.from}…${m.version.heldOut.to}`.padEnd(17),
        `${m.metric}${m.higherIsBetter ? ' ↑' : ' ↓'}`.padEnd(12),
        f(m.value).padStart(6),
        f(m.baseline.value).padStart(9),
        ` ${m.beatsBaseline ? 'beats' : 'does NOT beat'} ${m.baseline.name}`,
      ].join(' '),
    );
  }
  const by = (name: string) => first.models.find((m) => m.model === name)!;
  const churn = by('churn');
  const target = (churn.details.target as number | null) ?? null;
  console.log(
    `\nchurn ROC-AUC ${f(churn.value)} vs recency alone ${f(churn.baseline.value)}: target ≥ ${f(target)} ${churn.value !== null && target !== null && churn.value >= target ? 'met' : 'NOT met'} (chosen candidate ${churn.details.chosen}; PR-AUC ${f(churn.details.prAuc as number)}, calibration error ${f(churn.details.calibrationError as number)})`,
  );
  const deals = by('deals');
  console.log(
    `deal scoring log loss ${f(deals.value)} vs naive Bayes ${f(deals.baseline.value)}: ${deals.beatsBaseline ? 'better' : 'NOT better'}`,
  );
  const triage = by('triage');
  const languages = triage.details.byLanguage as Record<
    string,
    { rows: number; macroF1: number; baselineMacroF1: number }
  >;
  for (const [language, s] of Object.entries(languages)) {
    console.log(
      `triage macro-F1 ${language}: ${f(s.macroF1)} vs keyword rules ${f(s.baselineMacroF1)} (${s.rows} held-out inquiries)`,
    );
  }
  const forecast = by('forecast');
  console.log(
    `forecast sMAPE ${f(forecast.value)} vs seasonal naive ${f(forecast.baseline.value)} (MAPE ${f(forecast.details.mape as number)} vs ${f(forecast.details.baselineMape as number)}, ${forecast.details.series} series)`,
  );
  const segments = by('segments');
  console.log(
    `segments: k = ${segments.details.k} chosen by silhouette ${f(segments.value)} (RFM segments in the same space: ${f(segments.baseline.value)})`,
  );

  started = performance.now();
  const spam = await evaluateSpamTriage(ctx, {
    perClass: arg('spam-per-class', 800),
    epochs: budget.epochs + 1,
  });
  console.log(
    `triage recipe on SpamAssassin (easy ham / hard ham / spam, ${spam.dataset}, ${spam.trainRows} train / ${spam.testRows} test): macro-F1 ${f(spam.macroF1)} vs ${spam.baseline.name} ${f(spam.baseline.macroF1)} — ${spam.macroF1 > spam.baseline.macroF1 ? 'beats' : 'does NOT beat'} it (${seconds(started)})`,
  );

  started = performance.now();
  const again = await refreshIntelligence(ctx, { triage: budget });
  const same = again.models.every(
    (m, i) =>
      m.version.ref === first.models[i]!.version.ref &&
      m.version.dataset === first.models[i]!.version.dataset,
  );
  console.log(
    `\nlineage: a second refresh on unchanged data (${seconds(started)}) gives ${same ? 'the same' : 'DIFFERENT'} model and data set versions: ${again.models.map((m) => m.version.ref).join(', ')}`,
  );
} finally {
  await closeContext(ctx);
  await rm(home, { recursive: true, force: true });
}
