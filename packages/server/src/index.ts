export {
  createAccessToken,
  listAccessTokens,
  revokeAccessToken,
} from './auth/access-tokens.service.ts';
export { rotateApiKey } from './auth/api-keys.service.ts';
export { routeTable } from './auth/auth.plugin.ts';
export { createApiKey, listApiKeys, revokeApiKey } from './auth/auth.service.ts';
export { createConsoleSignInCode } from './auth/console-sign-in-codes.ts';
export {
  closePeriod,
  createCommissionRule,
  endCommissionRule,
  getInvoice,
  getStatement,
  listCommissionRules,
  listInvoices,
  listPeriods,
  listStatements,
  listWholesaleInvoices,
  verifyPeriod,
} from './billing/billing.service.ts';
export { invoicesCsv, statementsCsv } from './billing/csv.ts';
export { getPayoutDetails, setPayoutDetails } from './billing/payout-details.service.ts';
export {
  billingSettings,
  createCreditNote,
  createPayoutRun,
  listCreditNotes,
  listPayoutRuns,
  partnerEarnings,
  payoutRunCsv,
  setBillingSettings,
} from './billing/payouts.service.ts';
export { closeContext, createContext } from './bootstrap.ts';
export {
  createCustomer,
  createPartner,
  createPartnerReferralCode,
  listCustomers,
  listPartnerReferralCodes,
  listPartners,
} from './channels/channels.service.ts';
export { listEvents as listPartnerEvents } from './channels/partner-events.service.ts';
export {
  recordTouch,
  referralSettings,
  setReferralSettings,
} from './channels/referrals.service.ts';
export { type Config, loadConfig } from './config.ts';
export type { AppContext } from './context.ts';
export { streamDatasetBatches } from './data/batch-stream.ts';
export type { ImportTableInput } from './data/data.schemas.ts';
export {
  builtinNames,
  type DatasetVersionView,
  getDatasetVersion,
  importDataset,
  listDatasets,
  listDatasetVersions,
  loadKFoldDataset,
  loadSplitDataset,
  type SplitDataset,
} from './data/data.service.ts';
export { importTable } from './data/table-import.ts';
export {
  answerOffer,
  createDeal,
  decideRegistration,
  getDeal,
  listDeals,
  moveDeal,
  offerLead,
} from './deals/deals.service.ts';
export {
  decideExtension,
  overrideProtection,
  protectionSettings,
  requestExtension,
  setProtectionSettings,
  sweepRegistrations,
} from './deals/protection.service.ts';
export { seedChannelsDemo } from './demo/channels-seed.ts';
export { digitRows, writeMnistSubset } from './demo/mnist-subset.ts';
export {
  createFeedback,
  listFeedback,
  resolveComplaint,
} from './feedback/feedback.service.ts';
export { consoleDir } from './http/console.ts';
export { type RunningServer, startServer, stopServer } from './http/listen.ts';
export { buildServer, VERSION } from './http/server.ts';
export { importCrm } from './imports/imports.service.ts';
export {
  currentModels,
  getCustomerIntelligence,
  getDealScore,
  getDealScores,
  getForecasts,
  getOpportunities,
  getScores,
  getSegments,
  rankLeadPartners,
} from './intelligence/intelligence.service.ts';
export { listRefreshes, refreshIntelligence } from './intelligence/refresh.service.ts';
export { evaluateSpamTriage } from './intelligence/spam-triage-check.ts';
export {
  correctInquiry,
  getInquiry,
  listInquiries,
  submitInquiry,
} from './intelligence/triage.service.ts';
export type { JobEvent } from './jobs/job.ts';
export {
  answerLabelingItem,
  exportLabeledVersion,
  labelingStats,
  nextLabelingItem,
  openLabelingQueue,
  setConfidences,
} from './labeling/labeling.service.ts';
export {
  addMarketCell,
  getStrategy,
  listMarketCells,
  setStrategy,
} from './market/market.service.ts';
export { listUsageEvents, usageBy } from './metering/metering.service.ts';
export { listAlerts, raiseAlert } from './monitoring/alerts.service.ts';
export { driftReport } from './monitoring/drift.service.ts';
export { giveFeedback } from './monitoring/ground-truth.service.ts';
export { endpointLive } from './monitoring/live.service.ts';
export {
  getPrediction,
  listPredictions,
  listRollups,
  rollUpAndRetain,
} from './monitoring/prediction-log.service.ts';
export {
  createPlan,
  createProduct,
  listPlans,
  listProducts,
  listSubscriptions,
  subscribe,
} from './plans/plans.service.ts';
export {
  acceptApplicationTerms,
  approveApplication,
  getOwnApplication,
  listApplications,
  publishProgrammeTerms,
  rejectApplication,
  replyToApplication,
  requestInfo,
  submitApplication,
} from './programme/applications.service.ts';
export {
  claimMdf,
  decideMdf,
  listMdf,
  promotePartners,
  reimburseMdf,
  requestMdf,
} from './programme/programme.service.ts';
export {
  listTierReviews,
  setTierRules,
  tierProgress,
  tierRules,
} from './programme/tier-review.service.ts';
export { testProvider } from './providers/provider-test.service.ts';
export {
  createProvider,
  deleteProvider,
  getProvider,
  listProviders,
  updateProvider,
} from './providers/providers.service.ts';
export { getModelVersion, listModels, parseModelRef } from './registry/registry.service.ts';
export {
  getModelCard,
  listAliases,
  modelEvents,
  removeAlias,
  removeTag,
  resolveModelRef,
  setAlias,
  setModelCard,
  setTag,
} from './registry/registry-lifecycle.service.ts';
export {
  deleteVersion,
  exportVersion,
  importVersion,
} from './registry/registry-transfer.service.ts';
export {
  listExchangeRates,
  removeExchangeRate,
  setExchangeRate,
} from './reports/exchange-rates.service.ts';
export type { ChannelReport } from './reports/reports.schemas.ts';
export { channelReport } from './reports/reports.service.ts';
export { languageModelEndpoint } from './serving/language-model-endpoints.service.ts';
export {
  deploy,
  endpointNames,
  getEndpoint,
  listEndpoints,
  predict,
  setEndpointStatus,
} from './serving/serving.service.ts';
export {
  clearShadow,
  promote,
  rollback,
  setCanary,
  setShadow,
} from './serving/traffic.service.ts';
export { callerBucket, inCanary } from './serving/traffic-route.ts';
export { endpointHistory } from './serving/traffic-view.ts';
export { predictWithVersion } from './serving/version-predict.service.ts';
export { AppError, isAppError } from './shared/app-error.ts';
export { formatMinor } from './shared/currency.ts';
export type { Principal, Role } from './shared/principal.ts';
export {
  getTrainingJob,
  listTrainingJobs,
  startCrossValidation,
  startSearch,
  startTraining,
  type TrainingJobView,
} from './training/training.service.ts';
export { evaluateVersion } from './training/training-eval.service.ts';
export { compareRuns, getRun, listRuns } from './training/training-runs.service.ts';
export { checkCanaries } from './upgrade/canary-watch.service.ts';
export {
  getRun as getUpgradeRun,
  listRuns as listUpgradeRuns,
  startRetrain,
} from './upgrade/upgrade.service.ts';
export { runDueRetrains } from './upgrade/upgrade.worker.ts';
export {
  getPolicy as getRetrainPolicy,
  setPolicy as setRetrainPolicy,
} from './upgrade/upgrade-policy.service.ts';
export {
  createRetailPlan,
  listProductCosts,
  listRetailPlans,
  listWholesalePrices,
  setProductCost,
  setWholesalePrice,
} from './wholesale/wholesale.service.ts';
