/**
 * Table types of the Qudao database, one file per area in `tables/`, and the `Database` that
 * Kysely is typed with. Times are ISO-8601 strings; JSON columns are text.
 */

import type {
  BillingPeriodTable,
  ChannelStrategyTable,
  CommissionRuleTable,
  CommissionStatementTable,
  DealTable,
  ExchangeRateTable,
  FeedbackTable,
  InvoiceTable,
  MarketCellTable,
  MdfRequestTable,
  PlanTable,
  ProductTable,
  SubscriptionTable,
} from './tables/commerce.ts';
import type {
  DatasetTable,
  DatasetVersionTable,
  LabelAnswerTable,
  LabelingItemTable,
} from './tables/data.ts';
import type { JobTable } from './tables/jobs.ts';
import type {
  EndpointTable,
  ModelAliasTable,
  ModelTable,
  ModelVersionTable,
  ModelVersionTagTable,
  RegistryEventTable,
  TrainingRunTable,
} from './tables/models.ts';
import type {
  AccessTokenTable,
  ApiKeyTable,
  CustomerTable,
  IdempotencyKeyTable,
  PartnerTable,
  UsageEventTable,
} from './tables/tenants.ts';

export type * from './tables/commerce.ts';
export type * from './tables/data.ts';
export type * from './tables/jobs.ts';
export type * from './tables/models.ts';
export type * from './tables/tenants.ts';

export interface Database {
  datasets: DatasetTable;
  dataset_versions: DatasetVersionTable;
  labeling_items: LabelingItemTable;
  label_answers: LabelAnswerTable;
  jobs: JobTable;
  models: ModelTable;
  model_versions: ModelVersionTable;
  endpoints: EndpointTable;
  partners: PartnerTable;
  customers: CustomerTable;
  api_keys: ApiKeyTable;
  usage_events: UsageEventTable;
  access_tokens: AccessTokenTable;
  idempotency_keys: IdempotencyKeyTable;
  plans: PlanTable;
  products: ProductTable;
  subscriptions: SubscriptionTable;
  commission_rules: CommissionRuleTable;
  deals: DealTable;
  feedback: FeedbackTable;
  billing_periods: BillingPeriodTable;
  invoices: InvoiceTable;
  commission_statements: CommissionStatementTable;
  mdf_requests: MdfRequestTable;
  market_cells: MarketCellTable;
  channel_strategy: ChannelStrategyTable;
  exchange_rates: ExchangeRateTable;
  training_runs: TrainingRunTable;
  model_aliases: ModelAliasTable;
  model_version_tags: ModelVersionTagTable;
  registry_events: RegistryEventTable;
}
