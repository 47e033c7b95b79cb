import { availableParallelism } from 'node:os';
import path from 'node:path';
import { BACKEND_NAMES, type BackendName } from '@qudao/ml/names';
import { z } from 'zod';
import { AppError } from './shared/app-error.ts';

/**
 * Every environment variable the server reads, validated in one place (docs/configuration.md
 * lists them). Empty values count as unset.
 */
const EnvSchema = z.object({
  QUDAO_HOME: z.string().min(1).default('.qudao'),
  QUDAO_PORT: z.coerce.number().int().min(0).max(65535).default(7070),
  QUDAO_HOST: z.string().default('127.0.0.1'),
  QUDAO_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  QUDAO_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  QUDAO_MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 ** 3),
  QUDAO_MAX_IMPORT_ENTRIES: z.coerce.number().int().positive().default(200_000),
  QUDAO_MAX_LINE_CHARS: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  QUDAO_MAX_COLUMNS: z.coerce.number().int().min(2).default(20_000),
  QUDAO_IMPORT_DIRS: z.string().optional(),
  QUDAO_REPLY_VALIDATION: z.enum(['strict', 'strip', 'off']).default('strip'),
  QUDAO_METERING: z.enum(['on', 'off']).default('on'),
  QUDAO_BACKEND: z.enum(BACKEND_NAMES).optional(),
  QUDAO_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  QUDAO_SIMD: z.enum(['generic', 'auto']).optional(),
  QUDAO_PAYOUT_KEY: z.string().optional(),
  QUDAO_PROVIDER_KEY: z.string().optional(),
  QUDAO_SERVING_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  QUDAO_MODEL_MEMORY_MB: z.coerce.number().int().min(1).default(1024),
  QUDAO_INLINE_INFERENCE_MS: z.coerce.number().min(0).max(10).default(1),
  QUDAO_TRAINING_NICE: z.coerce.number().int().min(0).max(19).default(10),
  QUDAO_BATCH_MAX_ROWS: z.coerce.number().int().min(1).max(4096).default(64),
  QUDAO_BATCH_MAX_DELAY_MS: z.coerce.number().min(0).max(1000).default(2),
  QUDAO_QUEUE_MAX_ROWS: z.coerce.number().int().min(1).default(2048),
  QUDAO_PREDICTION_LOG_SAMPLE: z.coerce.number().min(0).max(1).default(1),
  QUDAO_PREDICTION_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  QUDAO_PREDICTION_LOG_MAX_ROWS: z.coerce.number().int().min(1000).default(1_000_000),
  QUDAO_ALERT_WEBHOOK: z.url({ protocol: /^https?$/ }).optional(),
  QUDAO_DECODER_SLOTS: z.coerce.number().int().min(1).max(256).default(16),
});

/** The prediction log and alerts (docs/serving.md, Monitoring). */
export interface MonitoringConfig {
  /** Share of primary calls logged (canary and shadow calls always are). */
  sample: number;
  /** Days a logged call is kept before only its day's roll-up remains. */
  retentionDays: number;
  /** The most rows the log holds; the oldest go first past it. */
  maxRows: number;
  /** Where each alert is POSTed as JSON (none: alerts are only recorded). */
  alertWebhook: string | undefined;
}

export interface Config {
  /** The workspace folder: database, artifacts, datasets, logs. */
  home: string;
  port: number;
  host: string;
  logLevel: string;
  maxUploadBytes: number;
  /** The most bytes one data import may read, unpacked (`QUDAO_MAX_IMPORT_BYTES`). */
  maxImportBytes: number;
  /** The most files and folders one archive may hold (`QUDAO_MAX_IMPORT_ENTRIES`). */
  maxImportEntries: number;
  /** The longest line (characters) a CSV, TSV or JSONL import may hold (`QUDAO_MAX_LINE_CHARS`). */
  maxLineChars: number;
  /** The most fields a CSV or TSV row may have (`QUDAO_MAX_COLUMNS`). */
  maxColumns: number;
  /** Folders path imports may read (`QUDAO_IMPORT_DIRS`; default the current folder and the workspace). */
  importDirs: string[];
  /** How replies are checked against their response schemas (http/mount.ts). */
  replyValidation: 'strict' | 'strip' | 'off';
  /** Whether customer calls are metered; `off` only for benchmarks of the bare serving path. */
  metering: 'on' | 'off';
  /** The TensorFlow.js backend to use (default: the fastest that works here). */
  backend: BackendName | undefined;
  /**
   * Threads of the native kernels (default: the machine's cores). The addon reads
   * QUDAO_THREADS and QUDAO_SIMD itself when it loads; the config validates them first, so a
   * bad value stops the start with a clear message instead of being ignored.
   */
  threads: number | undefined;
  /**
   * The key partners' payout details are encrypted with (32 bytes, base64 or hex); unset: the
   * workspace's `payout-key` file, created on first use with mode 0600.
   */
  payoutKey: string | undefined;
  /**
   * The key upstream providers' secrets are encrypted with (32 bytes, base64 or hex); unset: the
   * workspace's `provider-key` file, created on first use with mode 0600.
   */
  providerKey: string | undefined;
  /** Inference worker threads (default: the machine's cores less one for the event loop, at least 1). */
  servingWorkers: number;
  /** Budget of the loaded versions' weights, all workers together; past it, least recently used out. */
  modelMemoryMb: number;
  /**
   * Batches measured to compute in under this many ms run on the event loop while every worker
   * is idle, not on a worker (the inline lane, docs/serving.md); 0 sends every batch to a worker.
   */
  inlineInferenceMs: number;
  /**
   * How far below the process's OS priority training threads run (a nice increment, 0-19; 0:
   * the same), so that a serving process's predictions take the cores first and training takes
   * what they leave. Linux only, where a thread has a priority of its own.
   */
  trainingNice: number;
  /** Endpoints' batching unless set per endpoint (rows a batch, ms of wait, rows queued). */
  batching: { maxBatchRows: number; maxDelayMs: number; maxQueueRows: number };
  monitoring: MonitoringConfig;
  /** Streams a deployed language model decodes together (its KV-cache slots); more wait in line. */
  decoderSlots: number;
}

/** Reads the configuration from the environment (validated), with overrides from code. */
export function loadConfig(overrides: Partial<Config> = {}, env = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = EnvSchema.safeParse(set);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError(
      'config.invalid',
      500,
      `${String(issue.path[0])}: ${issue.message}; fix or unset it (docs/configuration.md)`,
    );
  }
  const parsed = result.data;
  const home = path.resolve(overrides.home ?? parsed.QUDAO_HOME);
  const dirs = parsed.QUDAO_IMPORT_DIRS?.split(path.delimiter).filter(Boolean);
  return {
    home,
    port: overrides.port ?? parsed.QUDAO_PORT,
    host: overrides.host ?? parsed.QUDAO_HOST,
    logLevel: overrides.logLevel ?? parsed.QUDAO_LOG_LEVEL,
    maxUploadBytes: overrides.maxUploadBytes ?? parsed.QUDAO_MAX_UPLOAD_BYTES,
    maxImportBytes: overrides.maxImportBytes ?? parsed.QUDAO_MAX_IMPORT_BYTES,
    maxImportEntries: overrides.maxImportEntries ?? parsed.QUDAO_MAX_IMPORT_ENTRIES,
    maxLineChars: overrides.maxLineChars ?? parsed.QUDAO_MAX_LINE_CHARS,
    maxColumns: overrides.maxColumns ?? parsed.QUDAO_MAX_COLUMNS,
    importDirs: (overrides.importDirs ?? (dirs?.length ? dirs : [process.cwd(), home])).map((d) =>
      path.resolve(d),
    ),
    replyValidation: overrides.replyValidation ?? parsed.QUDAO_REPLY_VALIDATION,
    metering: overrides.metering ?? parsed.QUDAO_METERING,
    backend: overrides.backend ?? parsed.QUDAO_BACKEND,
    threads: overrides.threads ?? parsed.QUDAO_THREADS,
    payoutKey: overrides.payoutKey ?? parsed.QUDAO_PAYOUT_KEY,
    providerKey: overrides.providerKey ?? parsed.QUDAO_PROVIDER_KEY,
    servingWorkers:
      overrides.servingWorkers ??
      parsed.QUDAO_SERVING_WORKERS ??
      Math.max(1, availableParallelism() - 1),
    modelMemoryMb: overrides.modelMemoryMb ?? parsed.QUDAO_MODEL_MEMORY_MB,
    inlineInferenceMs: overrides.inlineInferenceMs ?? parsed.QUDAO_INLINE_INFERENCE_MS,
    trainingNice: overrides.trainingNice ?? parsed.QUDAO_TRAINING_NICE,
    batching: overrides.batching ?? {
      maxBatchRows: parsed.QUDAO_BATCH_MAX_ROWS,
      maxDelayMs: parsed.QUDAO_BATCH_MAX_DELAY_MS,
      maxQueueRows: parsed.QUDAO_QUEUE_MAX_ROWS,
    },
    monitoring: overrides.monitoring ?? {
      sample: parsed.QUDAO_PREDICTION_LOG_SAMPLE,
      retentionDays: parsed.QUDAO_PREDICTION_LOG_DAYS,
      maxRows: parsed.QUDAO_PREDICTION_LOG_MAX_ROWS,
      alertWebhook: parsed.QUDAO_ALERT_WEBHOOK,
    },
    decoderSlots: overrides.decoderSlots ?? parsed.QUDAO_DECODER_SLOTS,
  };
}

export function homePaths(home: string) {
  return {
    database: path.join(home, 'qudao.db'),
    datasets: path.join(home, 'datasets'),
    models: path.join(home, 'models'),
    logs: path.join(home, 'logs'),
    tmp: path.join(home, 'tmp'),
    ownerToken: path.join(home, 'owner-token'),
    payoutKey: path.join(home, 'payout-key'),
    providerKey: path.join(home, 'provider-key'),
  };
}
