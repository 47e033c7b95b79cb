import type { AppContext } from '../context.ts';
import type { IntelligenceOutputTable } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import {
  type BinaryModel,
  compareBinaryCandidates,
  predictBinary,
  type Rows,
  reasonsOf,
} from './binary-candidates.ts';
import type { BusinessData } from './business-data.ts';
import {
  activeAt,
  CUSTOMER_FEATURES,
  type CustomerHistory,
  calledBetween,
  snapshotFeatures,
  sumMonths,
} from './customer-panel.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import type { ModelFigure } from './intelligence.schemas.ts';
import { datasetVersionOf, loadClassicModel, modelRef, trainedVersion } from './lifecycle.ts';

/** Snapshots in the held-out months; the training ones end their label window before these. */
const TEST_SNAPSHOTS = 6;
/** A label looks three months ahead: revenue in months t..t+2, churn = no call in month t+2. */
const HORIZON = 3;

interface Snapshot {
  t: number;
  customer: CustomerHistory;
  features: number[];
  churn: number;
  highValue: number;
}

/** Every labelled snapshot: each active customer at the start of each month with a full window. */
function snapshots(data: BusinessData, histories: CustomerHistory[]): Snapshot[] {
  const out: Snapshot[] = [];
  const m = data.months.length;
  const startOf = (t: number) => (t < m ? data.months[t]!.start : data.asOfMs);
  for (let t = 3; t + HORIZON <= m; t++) {
    const start = startOf(t);
    const rows = histories.filter((h) => activeAt(h, start));
    const future = rows.map((h) => sumMonths(h.revenue, t, t + HORIZON));
    const cut = [...future].sort((a, b) => b - a)[Math.floor(future.length / 5)] ?? 0;
    rows.forEach((h, i) => {
      out.push({
        t,
        customer: h,
        features: snapshotFeatures(h, t, start),
        churn: calledBetween(h, startOf(t + 2), startOf(t + 3)) ? 0 : 1,
        highValue: future[i]! > cut ? 1 : 0,
      });
    });
  }
  return out;
}

const monthNumber = (label: string) => Number(label.replace('-', ''));

function rowsOf(list: Snapshot[], label: 'churn' | 'highValue'): Rows {
  const d = CUSTOMER_FEATURES.length;
  const x = new Float64Array(list.length * d);
  list.forEach((s, i) => {
    x.set(s.features, i * d);
  });
  return { x, y: Float64Array.from(list, (s) => s[label]) };
}

/**
 * Churn-risk and high-value scoring: the snapshot data sets (one version each), candidates
 * compared against recency alone on the held-out months, and every active customer scored at
 * `asOf` with the reasons that raised its score.
 */
export async function scoreCustomers(
  ctx: AppContext,
  data: BusinessData,
  histories: CustomerHistory[],
  refreshId: string,
): Promise<{ figures: ModelFigure[]; outputs: IntelligenceOutputTable[] }> {
  const all = snapshots(data, histories);
  const ts = [...new Set(all.map((s) => s.t))].sort((a, b) => a - b);
  if (ts.length < TEST_SNAPSHOTS + HORIZON + 3) {
    throw intelligenceErrors.tooLittleData(
      'churn and high-value scoring',
      'at least 15 months of usage',
    );
  }
  const firstTest = ts.at(-TEST_SNAPSHOTS)!;
  const trainMax = firstTest - HORIZON;
  const label = (t: number) => data.months[t]!.label;
  const period = {
    trainedOn: { from: label(ts[0]!), to: label(trainMax + HORIZON - 1) },
    heldOut: { from: label(firstTest), to: label(data.months.length - 1) },
  };
  const current = histories.filter((h) => activeAt(h, data.asOfMs));
  const figures: ModelFigure[] = [];
  const outputs: IntelligenceOutputTable[] = [];
  for (const kind of ['churn', 'high_value'] as const) {
    const key = kind === 'churn' ? 'churn' : 'highValue';
    const classes = kind === 'churn' ? ['stays', 'churns'] : ['other', 'top_quintile'];
    const dataset = await datasetVersionOf(
      ctx,
      kind === 'churn' ? 'intelligence-churn' : 'intelligence-high-value',
      {
        kind: 'tabular',
        columns: ['snapshot_month', ...CUSTOMER_FEATURES],
        features: Float32Array.from(all.flatMap((s) => [monthNumber(label(s.t)), ...s.features])),
        rowCount: all.length,
        task: 'classification',
        labels: Uint16Array.from(all, (s) => s[key]),
        classes,
        targetName: kind,
      },
      `intelligence:${kind}`,
    );
    const config = {
      features: [...CUSTOMER_FEATURES],
      label:
        kind === 'churn'
          ? 'no call in the third month after the snapshot'
          : 'revenue of the next three months in the top fifth of active customers',
      split: { trainSnapshots: `<= ${label(trainMax)}`, testSnapshots: `>= ${label(firstTest)}` },
      candidates: ['logistic-regression', 'gradient-boosting'],
      baseline: 'recency_days',
      period,
    };
    const { version } = await trainedVersion(ctx, {
      model: kind === 'churn' ? 'intelligence-churn' : 'intelligence-high-value',
      template: 'logistic-regression|gradient-boosting',
      dataset,
      config,
      refreshId,
      train: async () => {
        const pick = (f: (t: number) => boolean) =>
          rowsOf(
            all.filter((s) => f(s.t)),
            key,
          );
        const result = compareBinaryCandidates({
          columns: [...CUSTOMER_FEATURES],
          early: pick((t) => t <= trainMax - HORIZON),
          validation: pick((t) => t > trainMax - HORIZON && t <= trainMax),
          train: pick((t) => t <= trainMax),
          test: pick((t) => t >= firstTest),
          baselineColumn: 0,
        });
        return {
          metrics: result.metrics,
          signature: {
            kind: 'tabular',
            task: 'classification',
            inputShape: [CUSTOMER_FEATURES.length],
            classes,
            columns: [...CUSTOMER_FEATURES],
          },
          artifact: { json: result.chosen },
        };
      },
    });
    const model = await loadClassicModel<BinaryModel>(ctx, version);
    const metrics = version.metrics as unknown as ReturnType<
      typeof compareBinaryCandidates
    >['metrics'];
    const value = metrics.test.rocAuc;
    const baseline = metrics.baseline!.rocAuc;
    figures.push({
      model: kind,
      version: modelRef(version),
      metric: 'roc_auc',
      higherIsBetter: true,
      value,
      baseline: { name: metrics.baseline!.name, value: baseline },
      beatsBaseline: value !== null && baseline !== null && value > baseline,
      details: {
        chosen: metrics.chosen,
        target: baseline === null ? null : baseline + 0.1,
        prAuc: metrics.test.prAuc,
        logLoss: metrics.test.logLoss,
        calibrationError: metrics.test.calibrationError,
        calibration: metrics.test.calibration,
        baselinePrAuc: metrics.baseline!.prAuc,
        candidates: Object.fromEntries(
          Object.entries(metrics.candidates).map(([k, s]) => [
            k,
            { rocAuc: s.rocAuc, prAuc: s.prAuc, logLoss: s.logLoss },
          ]),
        ),
        trainRows: metrics.trainRows,
        testRows: metrics.testRows,
        positiveRate: metrics.test.positives / Math.max(metrics.test.samples, 1),
      },
    });
    const d = CUSTOMER_FEATURES.length;
    const x = new Float64Array(current.length * d);
    const rows = current.map((h) => snapshotFeatures(h, data.months.length, data.asOfMs));
    rows.forEach((r, i) => {
      x.set(r, i * d);
    });
    const p = predictBinary(model, x);
    current.forEach((h, i) => {
      outputs.push({
        id: newId('out'),
        refresh_id: refreshId,
        model: kind,
        model_version_id: version.id,
        subject_kind: 'customer',
        subject_id: h.id,
        customer_id: h.id,
        partner_id: h.partnerId,
        score: p[i]!,
        label: null,
        detail_json: JSON.stringify({ customerName: h.name, reasons: reasonsOf(model, rows[i]!) }),
      });
    });
  }
  return { figures, outputs };
}
