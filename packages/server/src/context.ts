import type { BackendInfo } from '@qudao/ml';
import type { Config, homePaths } from './config.ts';
import type { Db } from './db/database.ts';
import type { JobQueue } from './jobs/job.ts';
import type { MeteringState } from './metering/metering-state.ts';
import type { MonitoringState } from './monitoring/monitoring-state.ts';
import type { LanguageModelHost } from './serving/language-models.ts';
import type { ModelCache } from './serving/model-cache.ts';
import type { ServingRuntime } from './serving/runtime/serving-runtime.ts';
import type { ServingMetrics } from './serving/serving.metrics.ts';
import type { Clock } from './shared/clock.ts';
import type { ClosedPeriods } from './shared/closed-periods.ts';
import type { EndpointDirectory } from './shared/endpoint-directory.ts';
import type { ExchangeRates } from './shared/exchange-rates.ts';
import type { MetricsRegistry } from './shared/metrics.ts';
import type { PeriodCloseHook } from './shared/period-close.ts';

/**
 * Everything a service needs: configuration, workspace paths, database, jobs, loaded models,
 * the endpoint directory. Only types live here, so every domain can take a context without
 * importing the others; `bootstrap.ts` builds one.
 */
export interface AppContext {
  config: Config;
  paths: ReturnType<typeof homePaths>;
  db: Db;
  jobs: JobQueue;
  backend: BackendInfo;
  ownerToken: string;
  modelCache: ModelCache;
  /** Serving's endpoints, for the domains below serving (registry, plans, metering). */
  endpoints: EndpointDirectory;
  /** Billing's closed periods, for the domains below billing (deals, plans, feedback). */
  periods: ClosedPeriods;
  /** Reports' owner-set exchange rates, for the domains below reports (wholesale, programme). */
  rates: ExchangeRates;
  /** What the domains above billing do when a period closes (the programme's tier review). */
  periodCloseHooks: PeriodCloseHook<AppContext>[];
  /** Where metering and billing read the time (a ManualClock in tests). */
  clock: Clock;
  /** Metering's buckets, quota counters and usage writer, one set per context. */
  metering: MeteringState;
  /**
   * Called after a billing period is closed for real (not in shadow mode). Billing knows none of
   * its listeners: domains above it subscribe at start (intelligence queues its monthly refresh).
   */
  periodClosed: ((period: { start: string; end: string }) => Promise<void>)[];
  /** The Prometheus registry (`GET /api/v1/metrics`); domains register their metrics in it. */
  metrics: MetricsRegistry;
  /** Serving's inference workers, loaded versions and batch queues. */
  runtime: ServingRuntime;
  servingMetrics: ServingMetrics;
  /** The prediction-log writer and monitoring's hooks (the upgrade loop attaches to them). */
  monitoring: MonitoringState;
  /** Deployed language models (GPTs), each with one continuous-batching decoder. */
  languageModels: LanguageModelHost;
}
