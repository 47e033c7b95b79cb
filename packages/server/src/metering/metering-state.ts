import type { Db } from '../db/database.ts';
import type { PlanView } from '../plans/plans.schemas.ts';
import type { Clock } from '../shared/clock.ts';
import { BudgetCounters } from './budgets.ts';
import { QuotaCounters } from './quota.ts';
import { TokenBuckets } from './rate-limit.ts';
import { UsageWriter } from './usage-writer.ts';

/** What plans.productOfEndpoint answers (null: the endpoint is not sold as a product). */
type Product = { id: string; name: string; plan: PlanView } | null;

/**
 * What metering keeps in memory for one workspace: token buckets per API key, quota counters
 * per customer, product and period, the group-commit usage writer and a short product cache.
 * Built once with the context (`ctx.metering`), so two contexts in one process (tests, a
 * worker beside a server) never share a bucket or a counter.
 */
export interface MeteringState {
  /** Whether customer calls are metered (`QUDAO_METERING=off` turns it off, for benchmarks). */
  enabled: boolean;
  buckets: TokenBuckets;
  quotas: QuotaCounters;
  /** Per-key money budgets (language-model calls). */
  budgets: BudgetCounters;
  writer: UsageWriter;
  /** Endpoint id → its product, read at `at` (clock ms). */
  products: Map<string, { at: number; product: Product }>;
}

/** `enabled` is the config's `QUDAO_METERING` (config.ts). */
export function createMeteringState(db: Db, clock: Clock, enabled: boolean): MeteringState {
  return {
    enabled,
    buckets: new TokenBuckets(clock),
    quotas: new QuotaCounters(),
    budgets: new BudgetCounters(),
    writer: new UsageWriter(db),
    products: new Map(),
  };
}
