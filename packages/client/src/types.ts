/** Wire types of the Qudao REST API (v1). The server's zod schemas produce exactly these shapes. */

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Health {
  status: 'ok';
  version: string;
  backend: string;
}

export interface DatasetVersion {
  id: string;
  dataset: string;
  version: number;
  hash: string;
  rowCount: number;
  kind: 'image' | 'tabular' | 'text';
  task: 'classification' | 'regression';
  shape: number[];
  classes: string[];
  columns?: string[];
  targetName?: string;
  labelDistribution: Record<string, number>;
  targetStats?: { min: number; max: number; mean: number };
  warnings: string[];
  splits: { train: number; test: number; validation: number; seed: number | null };
  sources?: string[];
  source: string;
  parent: string | null;
  cleaning?: {
    inputRows: number;
    keptRows: number;
    droppedRows: number;
    byRule: Record<string, { dropped: number; fixed: number }>;
  };
  createdAt: string;
}

/** One item of a dataset's labeling queue, with what a person needs to label it. */
export interface LabelingItem {
  id: string;
  row: number;
  reason: string;
  confidence: number | null;
  classes: string[];
  currentLabel: string | null;
  content:
    | { kind: 'text'; text: string }
    | { kind: 'tabular'; values: Record<string, number> }
    | { kind: 'image'; shape: [number, number, number]; pixels: number[] };
}

/** How an uploaded file is imported (`QudaoClient.uploadDataset`). */
export interface UploadDatasetOptions {
  /** A table (default), or a .zip with one folder of images or texts per class. */
  type?: 'table' | 'images' | 'texts';
  format?: 'csv' | 'tsv' | 'jsonl';
  delimiter?: string;
  header?: boolean | 'auto';
  label?: string;
  text?: string;
  features?: string[];
  task?: 'classification' | 'regression';
  mapping?: Record<string, string>;
  labelValues?: Record<string, string>;
  ranges?: Record<string, [number, number]>;
  keepUnlabeled?: boolean;
  clean?: { off: string[] };
  testFraction?: number;
  validationFraction?: number;
  seed?: number;
  /** Image size for type `images`. */
  height?: number;
  width?: number;
  channels?: 1 | 3;
}

export type LabelingOrder = 'order' | 'random' | 'least-confident';

export interface LabelingStats {
  dataset: string;
  version: number;
  items: number;
  answered: number;
  byLabeler: Record<string, number>;
  agreement: { labelers: [string, string]; items: number; kappa: number }[];
  disputed: number;
  /** When the queue was opened with a model: which version scored how many items. */
  scores?: { model: string; scored: number };
}

export interface Dataset {
  name: string;
  latest: DatasetVersion;
  versions: number;
}

export interface TrainingConfig {
  dataset: string;
  datasetVersion?: number;
  model: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  modelName?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface EpochProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

/** One epoch of a run: training loss/accuracy, validation figures, learning rate, speed. */
export interface RunEpoch {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
  seconds: number;
  samplesPerSecond: number;
}

/** A training run (a training job, a search trial or a cross-validation fold). */
export interface TrainingRun {
  id: string;
  jobId: string;
  kind: 'train' | 'trial' | 'fold';
  parentJobId: string | null;
  experiment: string | null;
  status: string;
  dataset: string;
  datasetVersion: number;
  datasetHash: string;
  template: string;
  config: Record<string, unknown>;
  epochs: RunEpoch[];
  /** test: headline figures; evaluation: the full report (confusion matrix, per class). */
  metrics: {
    test?: Record<string, number>;
    validation?: Record<string, number>;
    evaluation?: {
      classification?: {
        confusionMatrix: number[][];
        perClass: {
          class: string;
          precision: number;
          recall: number;
          f1: number;
          support: number;
        }[];
      };
    };
  } | null;
  system: {
    samplesPerSecond: number;
    seconds: number;
    peakRssBytes: number;
    backend: string;
  } | null;
  modelVersion: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** An event of `GET /api/v1/training/jobs/:id/events` (server-sent events). */
export type TrainingJobEvent =
  | { event: 'snapshot'; data: TrainingJob }
  | { event: 'progress'; data: EpochProgress & { runId?: string } }
  | { event: 'epoch'; data: RunEpoch & { runId?: string } }
  | { event: 'status'; data: { id: string; status: JobStatus } };

export interface TrainingJob {
  id: string;
  status: JobStatus;
  config: TrainingConfig;
  progress: EpochProgress | null;
  history: { epoch: number; loss: number; accuracy: number }[];
  result: { model: string; version: number } | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Metrics {
  test: { accuracy: number; loss: number; samples: number };
  train: { accuracy: number; loss: number };
  trainSamplesPerSecond: number;
  trainSeconds: number;
  confusionMatrix?: number[][];
}

export interface ModelVersion {
  model: string;
  version: number;
  template: string;
  datasetVersionId: string;
  dataset: string;
  datasetVersion: number;
  config: TrainingConfig;
  metrics: Metrics;
  inputShape: number[];
  classes: string[];
  artifactHash: string;
  backend: string;
  createdAt: string;
}

export interface Model {
  name: string;
  versions: ModelVersion[];
}

export interface EndpointUsage {
  calls: number;
  avgLatencyMs: number | null;
  lastCallAt: string | null;
}

export interface Endpoint {
  name: string;
  model: string;
  version: number;
  status: 'active' | 'stopped';
  inputShape: number[];
  classes: string[];
  usage: EndpointUsage;
  createdAt: string;
}

export interface Prediction {
  endpoint: string;
  model: string;
  version: number;
  label: string;
  probabilities: { label: string; probability: number }[];
  latencyMs: number;
  billed: boolean;
}

/** The answer of a text or tabular endpoint: one prediction per input. */
export interface InputsPrediction {
  endpoint: string;
  model: string;
  version: number;
  /** The first input's class (classifiers) or value (regression). */
  label?: string;
  value?: number;
  predictions: (
    | { label: string; probabilities: { label: string; probability: number }[] }
    | { value: number }
  )[];
  latencyMs: number;
  billed: boolean;
}

export interface Partner {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  createdAt: string;
}

export interface Customer {
  id: string;
  name: string;
  partnerId: string | null;
  partnerName: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  customerId: string;
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

/** Returned once, when the key is created: the secret is never shown again. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export type UsageGrouping = 'partner' | 'customer' | 'endpoint';

export interface UsageRow {
  group: string;
  id: string | null;
  name: string;
  calls: number;
  avgLatencyMs: number | null;
  firstCallAt: string | null;
  lastCallAt: string | null;
}

/** Who the credentials belong to (`GET /api/v1/me`). */
export type Principal =
  | { kind: 'owner' }
  | { kind: 'admin' | 'analyst'; tokenId: string }
  | { kind: 'partner'; partnerId: string; tokenId: string }
  | { kind: 'customer'; customerId: string; partnerId: string | null; apiKeyId: string };

export interface Deal {
  id: string;
  partnerId: string | null;
  customerId: string | null;
  company: string;
  source: string;
  stage: 'lead' | 'qualified' | 'proposal' | 'won' | 'lost';
  registration: 'direct' | 'pending' | 'approved' | 'rejected' | 'offered';
  valueMinor: number;
  currency: string;
  conflictDealId: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface Invoice {
  id: string;
  periodId: string;
  customerId: string;
  partnerId: string | null;
  currency: string;
  totalMinor: number;
  lines: {
    product: string;
    kind: string;
    description: string;
    units: number;
    unitPriceMinor: number;
    amountMinor: number;
  }[];
}

export interface CommissionStatement {
  id: string;
  periodId: string;
  partnerId: string;
  currency: string;
  totalMinor: number;
  lines: {
    kind: 'revenue_share' | 'bounty';
    description: string;
    term: string | null;
    basisMinor: number;
    rateBps: number | null;
    amountMinor: number;
  }[];
}

export interface MoneyRow {
  name: string;
  currency: string;
  calls: number;
  revenueMinor: number;
  commissionMinor: number;
  computeCostMinor: number;
  marginMinor: number;
}

/** `GET /api/v1/reports/channels`: the strategy flow's numbers for one month. */
export interface ChannelReport {
  period: { start: string; end: string };
  strategy: {
    chosen: string;
    observed: string;
    partnerRevenueShare: number | null;
    targets: { kpi: string; target: number; actual: number | null; met: boolean | null }[];
  };
  marketCoverage: {
    coverage: number | null;
    targetCells: number;
    coveredCells: string[];
    activeCustomers: number;
    activePartners: number;
  };
  brandReach: {
    leads: number;
    leadsBySource: Record<string, number>;
    partnerSourcedShare: number | null;
    mdfSpentMinor: Record<string, number>;
  };
  customerRelations: {
    csat: number | null;
    nps: number | null;
    complaints: number;
    complaintRate: number | null;
    meanResolutionHours: number | null;
  };
  salesEfficiency: {
    won: number;
    lost: number;
    winRate: number | null;
    meanCycleDays: number | null;
    medianHoursKeyToFirstCall: number | null;
  };
  profitability: { byChannel: MoneyRow[]; byPartner: MoneyRow[]; byProduct: MoneyRow[] };
}
