import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { installAccessControl } from '../auth/auth.plugin.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { partnerUserRoutes } from '../auth/partner-users.routes.ts';
import { billingRoutes } from '../billing/billing.routes.ts';
import { channelRoutes } from '../channels/channels.routes.ts';
import type { AppContext } from '../context.ts';
import { dataRoutes } from '../data/data.routes.ts';
import { dealRoutes } from '../deals/deals.routes.ts';
import { feedbackRoutes } from '../feedback/feedback.routes.ts';
import { gatewayRoutes } from '../gateway/gateway.routes.ts';
import { importRoutes } from '../imports/imports.routes.ts';
import { intelligenceRoutes } from '../intelligence/intelligence.routes.ts';
import { labelingRoutes } from '../labeling/labeling.routes.ts';
import { marketRoutes } from '../market/market.routes.ts';
import { meteringRoutes } from '../metering/metering.routes.ts';
import { monitoringRoutes } from '../monitoring/monitoring.routes.ts';
import { planRoutes } from '../plans/plans.routes.ts';
import { programmeRoutes } from '../programme/programme.routes.ts';
import { providerRoutes } from '../providers/providers.routes.ts';
import { registryRoutes } from '../registry/registry.routes.ts';
import { reportRoutes } from '../reports/reports.routes.ts';
import { readiness } from '../serving/readiness.service.ts';
import { servingRoutes } from '../serving/serving.routes.ts';
import { trafficRoutes } from '../serving/traffic.routes.ts';
import { mountContract } from '../shared/mount.ts';
import { systemContract } from '../shared/system.schemas.ts';
import { trainingRoutes } from '../training/training.routes.ts';
import { upgradeRoutes } from '../upgrade/upgrade.routes.ts';
import { wholesaleRoutes } from '../wholesale/wholesale.routes.ts';
import { DOCS_PREFIX, installApiDocs } from './api-docs.ts';
import { installConsole } from './console.ts';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  installErrorHandler,
  MAX_PARAM_LENGTH,
} from './error-handler.ts';
import { loggerOptions, prepareLogFile } from './log-options.ts';
import { installRequestMetrics } from './request-metrics.ts';

export const VERSION = '0.1.0';

export interface BuildServerOptions {
  /** Log to this file (pino JSON, mode 0600, credentials redacted); default: no logging. */
  logFile?: string;
}

/** Builds the HTTP server: each domain registers its own routes as one plugin. */
export async function buildServer(
  ctx: AppContext,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  if (options.logFile) await prepareLogFile(options.logFile);
  const app = Fastify({
    // Credentials never reach the log: URLs, errors and fields are redacted (log-options.ts).
    logger: options.logFile ? loggerOptions(ctx.config.logLevel, options.logFile) : false,
    bodyLimit: ctx.config.maxUploadBytes,
    // Errors raised before a route runs answer in the app's shape too (error-handler.ts).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  installErrorHandler(app);
  // Parses the console's session cookie (auth/console-sessions.service.ts) before access control.
  await app.register(fastifyCookie);
  installAccessControl(app, ctx, [DOCS_PREFIX]);
  installRequestMetrics(app, ctx);
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 },
    throwFileSizeLimit: true,
  });
  mountContract(app, ctx, systemContract, {
    health: () => ({ status: 'ok' as const, version: VERSION, backend: ctx.backend.name }),
    ready: () => readiness(ctx),
    metrics: async ({ reply }) =>
      reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  });
  for (const routes of [
    dataRoutes,
    labelingRoutes,
    trainingRoutes,
    registryRoutes,
    servingRoutes,
    trafficRoutes,
    monitoringRoutes,
    upgradeRoutes,
    channelRoutes,
    authRoutes,
    partnerUserRoutes,
    meteringRoutes,
    planRoutes,
    wholesaleRoutes,
    dealRoutes,
    billingRoutes,
    feedbackRoutes,
    reportRoutes,
    programmeRoutes,
    importRoutes,
    marketRoutes,
    intelligenceRoutes,
    providerRoutes,
    gatewayRoutes,
  ]) {
    await app.register(routes(ctx));
  }
  await installApiDocs(app, VERSION);
  await installConsole(app);
  return app;
}
