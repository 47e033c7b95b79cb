/** Table types of the Qudao database. Times are ISO-8601 strings; JSON columns are text. */

export interface DatasetTable {
  id: string;
  name: string;
  created_at: string;
}

export interface DatasetVersionTable {
  id: string;
  dataset_id: string;
  version: number;
  hash: string;
  row_count: number;
  kind: string;
  schema_json: string;
  label_distribution_json: string;
  splits_json: string;
  source: string;
  parent_id: string | null;
  path: string;
  created_at: string;
  /** The cleaning report of the import that made this version (JSON), if it was cleaned. */
  report_json: string | null;
}

export interface LabelingItemTable {
  id: string;
  dataset_version_id: string;
  row: number;
  /** unlabeled | disputed */
  reason: string;
  /** The current model's top probability for this row (least-confident-first order). */
  confidence: number | null;
  /** Stable position for in-order and random serving. */
  position: number;
  created_at: string;
}

export interface LabelAnswerTable {
  id: string;
  item_id: string;
  labeler: string;
  label: string;
  created_at: string;
}

export interface JobTable {
  id: string;
  queue: string;
  payload_json: string;
  status: string;
  /** `host:pid` of the process that owns the job (the in-process runner runs its own jobs). */
  worker: string | null;
  progress_json: string | null;
  history_json: string;
  result_json: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ModelTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ModelVersionTable {
  id: string;
  model_id: string;
  version: number;
  template: string;
  dataset_version_id: string;
  job_id: string | null;
  config_json: string;
  metrics_json: string;
  signature_json: string;
  artifact_path: string;
  artifact_hash: string;
  backend: string;
  created_at: string;
  /** Model card (intended use, data, limitations) as JSON; null until written. */
  card_json?: string | null;
}

/** One training run: a plain run, a search trial or a cross-validation fold. */
export interface TrainingRunTable {
  id: string;
  job_id: string;
  kind: string;
  parent_job_id: string | null;
  experiment: string | null;
  status: string;
  dataset_version_id: string;
  template: string;
  config_json: string;
  epochs_json: string;
  metrics_json: string | null;
  system_json: string | null;
  model_version_id: string | null;
  checkpoint_path: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ModelAliasTable {
  model_id: string;
  alias: string;
  model_version_id: string;
  set_by: string;
  set_at: string;
}

export interface ModelVersionTagTable {
  model_version_id: string;
  key: string;
  value: string;
  set_by: string;
  set_at: string;
}

export interface RegistryEventTable {
  id: string;
  model_id: string;
  model_version_id: string | null;
  action: string;
  detail_json: string;
  actor: string;
  at: string;
}

export interface EndpointTable {
  id: string;
  name: string;
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface PartnerTable {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  created_at: string;
  /** direct | reseller | referral | integrator | marketplace */
  channel: string;
  regions_json: string;
  industries_json: string;
}

export interface CustomerTable {
  id: string;
  name: string;
  partner_id: string | null;
  created_at: string;
  region: string | null;
  industry: string | null;
  /** small | medium | large | enterprise */
  size: string | null;
  /** Start of the customer relationship (first year vs renewal commission). */
  since: string | null;
}

export interface ApiKeyTable {
  id: string;
  customer_id: string;
  prefix: string;
  secret_hash: string;
  status: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  /** JSON array of product ids the key may call; null = every product. */
  products_json: string | null;
  name: string | null;
}

export interface UsageEventTable {
  id: string;
  endpoint_id: string;
  customer_id: string;
  partner_id: string | null;
  api_key_id: string;
  occurred_at: string;
  latency_ms: number;
  /** CloudEvents `type`, e.g. `qudao.prediction`. */
  type: string;
  /** CloudEvents `source`, e.g. `/endpoints/mnist`. */
  source: string;
  /** Billable units of the call (1 per prediction). */
  quantity: number;
  product_id: string | null;
  idempotency_key: string | null;
  /** CloudEvents `data` as JSON. */
  data_json: string;
}

/** Staff (admin, analyst) and partner credentials; customers use `api_keys`. */
export interface AccessTokenTable {
  id: string;
  role: string;
  partner_id: string | null;
  name: string;
  prefix: string;
  secret_hash: string;
  status: string;
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** A saved answer to a request sent with an `Idempotency-Key` (per customer). */
export interface IdempotencyKeyTable {
  customer_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  usage_event_id: string | null;
  created_at: string;
}

export interface PlanTable {
  id: string;
  name: string;
  currency: string;
  /** call | thousand_units: what one price applies to. */
  unit: string;
  monthly_fee_minor: number;
  included_units: number;
  /** graduated | volume */
  tier_mode: string;
  tiers_json: string;
  quota_units: number | null;
  overage_price_minor: number | null;
  rate_per_second: number;
  burst: number;
  created_at: string;
}

export interface ProductTable {
  id: string;
  name: string;
  endpoint_id: string;
  plan_id: string;
  created_at: string;
}

export interface SubscriptionTable {
  id: string;
  customer_id: string;
  product_id: string;
  started_at: string;
  created_at: string;
}

export interface CommissionRuleTable {
  id: string;
  tier: string | null;
  partner_id: string | null;
  first_year_bps: number;
  renewal_bps: number;
  bounty_minor: number;
  currency: string;
  created_at: string;
}

export interface DealTable {
  id: string;
  partner_id: string | null;
  customer_id: string | null;
  company: string;
  company_key: string;
  source: string;
  stage: string;
  registration: string;
  value_minor: number;
  currency: string;
  conflict_deal_id: string | null;
  created_at: string;
  qualified_at: string | null;
  proposal_at: string | null;
  closed_at: string | null;
}

export interface FeedbackTable {
  id: string;
  customer_id: string;
  partner_id: string | null;
  kind: string;
  score: number | null;
  text: string | null;
  status: string;
  created_at: string;
  resolved_at: string | null;
}

export interface BillingPeriodTable {
  id: string;
  start: string;
  end: string;
  status: string;
  events_hash: string;
  closed_at: string;
}

export interface InvoiceTable {
  id: string;
  period_id: string;
  customer_id: string;
  partner_id: string | null;
  currency: string;
  total_minor: number;
  lines_json: string;
  created_at: string;
}

export interface CommissionStatementTable {
  id: string;
  period_id: string;
  partner_id: string;
  currency: string;
  total_minor: number;
  lines_json: string;
  created_at: string;
}

/** A partner's marketing development fund request. */
export interface MdfRequestTable {
  id: string;
  partner_id: string;
  purpose: string;
  amount_minor: number;
  currency: string;
  /** requested | approved | rejected | claimed | reimbursed */
  status: string;
  spent_minor: number | null;
  proof: string | null;
  created_at: string;
  decided_at: string | null;
  claimed_at: string | null;
  reimbursed_at: string | null;
}

/** A target market cell: a region × industry with its estimated yearly demand. */
export interface MarketCellTable {
  id: string;
  region: string;
  industry: string;
  demand_minor: number;
  currency: string;
  created_at: string;
}

/** The chosen channel strategy (one row, id `current`) and its KPI targets. */
export interface ChannelStrategyTable {
  id: string;
  mode: string;
  targets_json: string;
  updated_at: string;
}

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
  training_runs: TrainingRunTable;
  model_aliases: ModelAliasTable;
  model_version_tags: ModelVersionTagTable;
  registry_events: RegistryEventTable;
}
