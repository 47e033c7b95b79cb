export { createApiKey, listApiKeys, revokeApiKey } from './auth/auth.service.ts';
export {
  createCustomer,
  createPartner,
  listCustomers,
  listPartners,
} from './channels/channels.service.ts';
export { type Config, loadConfig } from './config.ts';
export { type AppContext, closeContext, createContext } from './context.ts';
export {
  builtinNames,
  getDatasetVersion,
  importDataset,
  listDatasets,
  loadSplitDataset,
} from './data/data.service.ts';
export { consoleDir } from './http/console.ts';
export { type RunningServer, startServer } from './http/listen.ts';
export { buildServer, VERSION } from './http/server.ts';
export type { JobEvent } from './jobs/job.ts';
export { usageBy } from './metering/metering.service.ts';
export { getModelVersion, listModels, parseModelRef } from './registry/registry.service.ts';
export {
  deploy,
  endpointNames,
  getEndpoint,
  listEndpoints,
  predict,
} from './serving/serving.service.ts';
export { AppError, isAppError } from './shared/app-error.ts';
export { getTrainingJob, listTrainingJobs, startTraining } from './training/training.service.ts';
