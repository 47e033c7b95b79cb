/**
 * Table types of the Qudao database, one file per owning domain in `tables/`, and the `Database` that
 * Kysely is typed with. Times are ISO-8601 strings; JSON columns are text.
 */

import type {
  AccessTokenTable,
  ApiKeyTable,
  ConsoleSessionTable,
  MemberInvitationTable,
  PartnerUserTable,
} from './tables/auth.ts';
import type {
  BillingPeriodTable,
  BillingSettingTable,
  CommissionRuleTable,
  CommissionStatementTable,
  CreditNoteTable,
  InvoiceTable,
  PayoutDetailsTable,
  PayoutItemTable,
  PayoutRunTable,
  WholesaleInvoiceTable,
} from './tables/billing.ts';
import type {
  ChannelSettingTable,
  CustomerTable,
  PartnerEventTable,
  PartnerTable,
  PartnerTierHistoryTable,
  ProgrammeTermsTable,
  ReferralAttributionTable,
  ReferralCodeTable,
  ReferralTouchTable,
  TermsAcceptanceTable,
} from './tables/channels.ts';
import type { DatasetTable, DatasetVersionTable } from './tables/data.ts';
import type { DealSettingTable, DealTable } from './tables/deals.ts';
import type { FeedbackTable } from './tables/feedback.ts';
import type {
  InquiryTable,
  IntelligenceOutputTable,
  IntelligenceRefreshTable,
} from './tables/intelligence.ts';
import type { JobTable } from './tables/jobs.ts';
import type { LabelAnswerTable, LabelingItemTable } from './tables/labeling.ts';
import type { ChannelStrategyTable, MarketCellTable } from './tables/market.ts';
import type { IdempotencyKeyTable, UsageEventTable } from './tables/metering.ts';
import type {
  AlertTable,
  DriftReferenceTable,
  PredictionFeedbackTable,
  PredictionLogTable,
  PredictionRollupTable,
} from './tables/monitoring.ts';
import type { PlanTable, ProductTable, SubscriptionTable } from './tables/plans.ts';
import type {
  MdfRequestTable,
  PartnerApplicationTable,
  ProgrammeSettingTable,
  TierReviewTable,
} from './tables/programme.ts';
import type { ProviderModelTable, ProviderTable, UpstreamModelTable } from './tables/providers.ts';
import type {
  ModelAliasTable,
  ModelTable,
  ModelVersionTable,
  ModelVersionTagTable,
  RegistryEventTable,
} from './tables/registry.ts';
import type { ExchangeRateTable } from './tables/reports.ts';
import type { EndpointEventTable, EndpointTable } from './tables/serving.ts';
import type { TrainingRunTable } from './tables/training.ts';
import type { RetrainPolicyTable, UpgradeRunTable } from './tables/upgrade.ts';
import type { ProductCostTable, RetailPlanTable, WholesalePriceTable } from './tables/wholesale.ts';

export type * from './tables/auth.ts';
export type * from './tables/billing.ts';
export type * from './tables/channels.ts';
export type * from './tables/data.ts';
export type * from './tables/deals.ts';
export type * from './tables/feedback.ts';
export type * from './tables/intelligence.ts';
export type * from './tables/jobs.ts';
export type * from './tables/labeling.ts';
export type * from './tables/market.ts';
export type * from './tables/metering.ts';
export type * from './tables/monitoring.ts';
export type * from './tables/plans.ts';
export type * from './tables/programme.ts';
export type * from './tables/providers.ts';
export type * from './tables/registry.ts';
export type * from './tables/reports.ts';
export type * from './tables/serving.ts';
export type * from './tables/training.ts';
export type * from './tables/upgrade.ts';
export type * from './tables/wholesale.ts';

export interface Database {
  datasets: DatasetTable;
  dataset_versions: DatasetVersionTable;
  labeling_items: LabelingItemTable;
  label_answers: LabelAnswerTable;
  jobs: JobTable;
  models: ModelTable;
  model_versions: ModelVersionTable;
  endpoints: EndpointTable;
  endpoint_events: EndpointEventTable;
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
  partner_tier_history: PartnerTierHistoryTable;
  partner_events: PartnerEventTable;
  referral_codes: ReferralCodeTable;
  referral_touches: ReferralTouchTable;
  referral_attributions: ReferralAttributionTable;
  channel_settings: ChannelSettingTable;
  programme_terms: ProgrammeTermsTable;
  terms_acceptances: TermsAcceptanceTable;
  partner_users: PartnerUserTable;
  deal_settings: DealSettingTable;
  product_costs: ProductCostTable;
  wholesale_prices: WholesalePriceTable;
  retail_plans: RetailPlanTable;
  wholesale_invoices: WholesaleInvoiceTable;
  credit_notes: CreditNoteTable;
  payout_runs: PayoutRunTable;
  payout_items: PayoutItemTable;
  payout_details: PayoutDetailsTable;
  billing_settings: BillingSettingTable;
  partner_applications: PartnerApplicationTable;
  programme_settings: ProgrammeSettingTable;
  tier_reviews: TierReviewTable;
  providers: ProviderTable;
  upstream_models: UpstreamModelTable;
  provider_models: ProviderModelTable;
  console_sessions: ConsoleSessionTable;
  member_invitations: MemberInvitationTable;
  inquiries: InquiryTable;
  intelligence_refreshes: IntelligenceRefreshTable;
  intelligence_outputs: IntelligenceOutputTable;
  prediction_log: PredictionLogTable;
  prediction_rollups: PredictionRollupTable;
  prediction_feedback: PredictionFeedbackTable;
  drift_references: DriftReferenceTable;
  alerts: AlertTable;
  retrain_policies: RetrainPolicyTable;
  upgrade_runs: UpgradeRunTable;
}
