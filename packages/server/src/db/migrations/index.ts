import type { Migration } from 'kysely';
import * as initial from './0001_initial.ts';
import * as dataReportsLabeling from './0002_data_reports_labeling.ts';
import * as channelsRoles from './0010_channels_roles.ts';
import * as channelsMetering from './0011_channels_metering.ts';
import * as channelsBilling from './0012_channels_billing.ts';
import * as channelsProgramme from './0013_channels_programme.ts';
import * as channelsMarket from './0014_channels_market.ts';
import * as meteringBilledPer from './0015_metering_billed_per.ts';
import * as reportsExchangeRates from './0016_reports_exchange_rates.ts';
import * as trainingRuns from './0020_training_runs.ts';
import * as registryAliasesTags from './0021_registry_aliases_tags.ts';
import * as plansMaxKeys from './0024_plans_max_keys.ts';
import * as intelligence from './0030_intelligence.ts';
import * as servingBatching from './0032_serving_batching.ts';
import * as servingTraffic from './0033_serving_traffic.ts';
import * as monitoring from './0034_monitoring.ts';
import * as upgrade from './0035_upgrade.ts';
import * as jobsLease from './0036_jobs_lease.ts';
import * as plansTokenPrices from './0040_plans_token_prices.ts';
import * as meteringTokens from './0041_metering_tokens.ts';
import * as authKeyBudgets from './0042_auth_key_budgets.ts';
import * as channelsPartnerProgramme from './0044_channels_partner_programme.ts';
import * as authPartnerUsers from './0045_auth_partner_users.ts';
import * as dealsProtection from './0046_deals_protection.ts';
import * as wholesalePrices from './0047_wholesale_prices.ts';
import * as billingCommissionLifecycle from './0048_billing_commission_lifecycle.ts';
import * as programmeOnboardingTiers from './0049_programme_onboarding_tiers.ts';
import * as providersUpstreams from './0050_providers_upstreams.ts';
import * as consoleSessions from './0051_console_sessions.ts';
import * as predictionLogFile from './0052_prediction_log_file.ts';

/**
 * Versioned migrations, applied in name order at start. Each is one file in this folder named
 * `NNNN_<domain>_<what>.ts`, written with Kysely's schema builder only (no dialect-specific
 * SQL), so the same list runs on SQLite and PostgreSQL. Add a file and one line here.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_data_reports_labeling': dataReportsLabeling,
  '0010_channels_roles': channelsRoles,
  '0011_channels_metering': channelsMetering,
  '0012_channels_billing': channelsBilling,
  '0013_channels_programme': channelsProgramme,
  '0014_channels_market': channelsMarket,
  '0015_metering_billed_per': meteringBilledPer,
  '0016_reports_exchange_rates': reportsExchangeRates,
  '0020_training_runs': trainingRuns,
  '0021_registry_aliases_tags': registryAliasesTags,
  '0024_plans_max_keys': plansMaxKeys,
  '0030_intelligence': intelligence,
  '0032_serving_batching': servingBatching,
  '0033_serving_traffic': servingTraffic,
  '0034_monitoring': monitoring,
  '0035_upgrade': upgrade,
  '0036_jobs_lease': jobsLease,
  '0040_plans_token_prices': plansTokenPrices,
  '0041_metering_tokens': meteringTokens,
  '0042_auth_key_budgets': authKeyBudgets,
  '0044_channels_partner_programme': channelsPartnerProgramme,
  '0045_auth_partner_users': authPartnerUsers,
  '0046_deals_protection': dealsProtection,
  '0047_wholesale_prices': wholesalePrices,
  '0048_billing_commission_lifecycle': billingCommissionLifecycle,
  '0049_programme_onboarding_tiers': programmeOnboardingTiers,
  '0050_providers_upstreams': providersUpstreams,
  '0051_console_sessions': consoleSessions,
  '0052_prediction_log_file': predictionLogFile,
};
