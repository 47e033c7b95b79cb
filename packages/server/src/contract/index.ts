/**
 * The whole wire contract of the REST API, one entry per domain. Pure: it imports only the
 * domains' schema files (zod), so the client and the console import it at run time in the
 * browser, and the OpenAPI document (http/openapi.ts) is generated from it.
 */
import { authContract } from '../auth/auth.schemas.ts';
import { consoleContract } from '../auth/console-sessions.schemas.ts';
import { invitationsContract } from '../auth/invitations.schemas.ts';
import { partnerUsersContract } from '../auth/partner-users.schemas.ts';
import { billingContract } from '../billing/billing.schemas.ts';
import { payoutsContract } from '../billing/payouts.schemas.ts';
import { channelsContract } from '../channels/channels.schemas.ts';
import { referralsContract } from '../channels/referrals.schemas.ts';
import { dataContract } from '../data/data.schemas.ts';
import { dealProtectionContract } from '../deals/deal-protection.schemas.ts';
import { dealsContract } from '../deals/deals.schemas.ts';
import { feedbackContract } from '../feedback/feedback.schemas.ts';
import { gatewayContract } from '../gateway/gateway.schemas.ts';
import { importsContract } from '../imports/imports.schemas.ts';
import { intelligenceContract } from '../intelligence/intelligence.schemas.ts';
import { labelingContract } from '../labeling/labeling.schemas.ts';
import { marketContract } from '../market/market.schemas.ts';
import { meteringContract } from '../metering/metering.schemas.ts';
import { monitoringContract } from '../monitoring/monitoring.schemas.ts';
import { plansContract } from '../plans/plans.schemas.ts';
import { applicationsContract } from '../programme/applications.schemas.ts';
import { programmeContract } from '../programme/programme.schemas.ts';
import { tierRulesContract } from '../programme/tier-rules.schemas.ts';
import { providersContract } from '../providers/providers.schemas.ts';
import { registryContract } from '../registry/registry.schemas.ts';
import { reportsContract } from '../reports/reports.schemas.ts';
import { servingContract } from '../serving/serving.schemas.ts';
import { trafficContract } from '../serving/traffic.schemas.ts';
import { systemContract } from '../shared/system.schemas.ts';
import { trainingContract } from '../training/training.schemas.ts';
import { upgradeContract } from '../upgrade/upgrade.schemas.ts';
import { wholesaleContract } from '../wholesale/wholesale.schemas.ts';

export const api = {
  auth: authContract,
  partnerUsers: partnerUsersContract,
  billing: billingContract,
  channels: channelsContract,
  console: consoleContract,
  invitations: invitationsContract,
  data: dataContract,
  deals: dealsContract,
  dealProtection: dealProtectionContract,
  feedback: feedbackContract,
  gateway: gatewayContract,
  imports: importsContract,
  labeling: labelingContract,
  intelligence: intelligenceContract,
  market: marketContract,
  metering: meteringContract,
  monitoring: monitoringContract,
  payouts: payoutsContract,
  plans: plansContract,
  applications: applicationsContract,
  programme: programmeContract,
  providers: providersContract,
  tierRules: tierRulesContract,
  referrals: referralsContract,
  registry: registryContract,
  reports: reportsContract,
  serving: servingContract,
  traffic: trafficContract,
  system: systemContract,
  training: trainingContract,
  upgrade: upgradeContract,
  wholesale: wholesaleContract,
};

export type Api = typeof api;
export * from '../auth/auth.schemas.ts';
export * from '../auth/console-sessions.schemas.ts';
export * from '../auth/invitations.schemas.ts';
export * from '../auth/partner-users.schemas.ts';
export * from '../billing/billing.schemas.ts';
export * from '../billing/commission-rules.schemas.ts';
export * from '../billing/payouts.schemas.ts';
export * from '../channels/channels.schemas.ts';
export * from '../channels/referrals.schemas.ts';
export * from '../data/data.schemas.ts';
export * from '../deals/deal-protection.schemas.ts';
export * from '../deals/deals.schemas.ts';
export * from '../feedback/feedback.schemas.ts';
export * from '../gateway/gateway.schemas.ts';
export * from '../imports/imports.schemas.ts';
export * from '../intelligence/intelligence.schemas.ts';
export * from '../labeling/labeling.schemas.ts';
export * from '../market/market.schemas.ts';
export * from '../metering/metering.schemas.ts';
export * from '../monitoring/monitoring.schemas.ts';
export * from '../plans/plans.schemas.ts';
export * from '../programme/applications.schemas.ts';
export * from '../programme/programme.schemas.ts';
export * from '../programme/tier-rules.schemas.ts';
export * from '../providers/providers.schemas.ts';
export * from '../registry/registry.schemas.ts';
export * from '../reports/reports.schemas.ts';
export * from '../serving/serving.schemas.ts';
export * from '../serving/traffic.schemas.ts';
export {
  type Contract,
  ErrorBodySchema,
  type RouteContract,
} from '../shared/contract.ts';
export { ACCESS, type Access, ROLES, type Role } from '../shared/roles.ts';
export * from '../shared/system.schemas.ts';
export * from '../training/training.schemas.ts';
export * from '../upgrade/upgrade.schemas.ts';
export * from '../wholesale/wholesale.schemas.ts';
